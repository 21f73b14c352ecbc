import type { DumpModel } from './types.js';

/**
 * What a failed evaluation says to a user, in every debugger alike: a name the dump did not capture
 * is reported as such, with the names that were, rather than as a bare ReferenceError that reads
 * like a bug in the user's program. Other errors pass unchanged.
 */
export function explainEvaluateError(model: DumpModel, error: string, frameIndex: number): string {
  const match = /^ReferenceError: ([\w$]+) is not defined/.exec(error);
  if (!match) return error;
  const name = match[1]!;
  // `frame()`, not `frames[]`: a cause's throw site has frames of its own, past the crashed stack's.
  const frame = model.frame(frameIndex);
  const names = model.namesInFrame(frameIndex);
  const known = names.length === 0
    ? 'no variables were captured there'
    : `captured there: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
  return `${name} was not captured in frame #${frameIndex} ${frame?.name ?? ''} (${known})`;
}
