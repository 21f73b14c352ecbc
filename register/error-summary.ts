import type { ErrorSummary } from '../dump/types.js';
import { intrinsics as I } from './intrinsics.js';
import { classNameOf, inheritedData, ownData, readStack } from './safe-read.js';
import type { Redactor } from './redact.js';

/** How many causes the summary follows; the full chain is in the value graph. */
const MAX_CAUSES = 20;

/** Name, message, stack and causes of a thrown value, read without running user code. */
export function errorSummary(thrown: unknown, redactor: Redactor): ErrorSummary {
  const describe = (value: unknown) => {
    if (typeof value === 'object' && value !== null) {
      const name = inheritedData(value, 'name');
      const message = ownData(value, 'message');
      // A name that is a getter is not called: an error's class names it instead (`get name()`).
      const fallback = I.types.isNativeError(value) ? classNameOf(value) : 'Error';
      return {
        name: typeof name === 'string' ? name : fallback,
        message: typeof message === 'string' ? redactor.scrub(message) : '',
      };
    }
    return { name: typeof value, message: redactor.scrub(primitiveText(value)) };
  };
  const summary: ErrorSummary = { ...describe(thrown), causes: [] };
  if (typeof thrown === 'object' && thrown !== null) {
    const stack = readStack(thrown);
    if (typeof stack === 'string') summary.stack = redactor.scrub(stack);
    const seen = new Set<unknown>([thrown]);
    let cause = ownData(thrown, 'cause');
    while (cause !== undefined && !seen.has(cause) && summary.causes.length < MAX_CAUSES) {
      seen.add(cause);
      summary.causes.push(describe(cause));
      cause = typeof cause === 'object' && cause !== null ? ownData(cause, 'cause') : undefined;
    }
  }
  return summary;
}

function primitiveText(value: unknown): string {
  if (typeof value === 'symbol') return value.description ?? '';
  return String(value);
}
