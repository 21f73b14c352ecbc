import type { ObjectNode } from '../dump/types.js';
import type { LoadedDump } from './dump-model.js';
import { checkValue } from './object-graph.js';
import { checkedEscape, escapeText } from './escape-text.js';
import { checkedChangesAfterThrow } from './changed-after-throw.js';
import type { CauseView, ExceptionView } from './types.js';

/** Causes followed at most: a longer chain is a damaged or hostile dump. */
const MAX_CAUSES = 100;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const refOf = (value: unknown): number | undefined =>
  isRecord(value) && value.t === 'ref' && typeof value.ref === 'number' ? value.ref : undefined;

/** The escaping error and its `cause` chain, from the graph when it has them, else from the summary. */
export function exceptionView(model: LoadedDump): ExceptionView {
  const summary: Record<string, unknown> = isRecord(model.dump.errorSummary) ? model.dump.errorSummary : {};
  const errorRef = refOf(checkValue(model.dump.error));
  const top = errorRef === undefined ? undefined : model.graph.node(errorRef);
  const escape = checkedEscape(model.dump.escape);
  const view: ExceptionView = {
    name: typeof summary.name === 'string' ? summary.name : top?.kind === 'error' ? top.name : 'Error',
    message: typeof summary.message === 'string' ? summary.message : top?.kind === 'error' ? top.message : '',
    reason: model.dump.reason,
    how: escapeText(model.dump.reason, escape),
    value: model.describe(model.dump.error),
    causes: [],
  };
  if (escape) view.escape = escape;
  const changed = checkedChangesAfterThrow(model.dump.capture);
  if (changed) view.changedAfterThrow = changed;
  const stack = typeof summary.stack === 'string' ? summary.stack : top?.kind === 'error' ? top.stack : undefined;
  if (stack !== undefined) view.stack = stack;
  const seen = new Set<ObjectNode>();
  let node = top;
  while (node?.kind === 'error' && node.cause !== undefined && view.causes.length < MAX_CAUSES) {
    seen.add(node);
    const cause = checkValue(node.cause);
    const causeRef = refOf(cause);
    const next = causeRef === undefined ? undefined : model.graph.node(causeRef);
    const item: CauseView = next?.kind === 'error'
      ? { name: next.name, message: next.message, value: model.describe(cause), ...(next.stack !== undefined ? { stack: next.stack } : {}) }
      : { name: next ? next.className : typeof cause === 'string' ? 'string' : 'value', message: model.describe(cause).text, value: model.describe(cause) };
    view.causes.push(item);
    if (!next || seen.has(next)) break;
    node = next;
  }
  for (const thread of model.threads) {
    const cause = thread.causeDepth === undefined ? undefined : view.causes[thread.causeDepth - 1];
    if (cause) cause.threadId = thread.id;
  }
  if (view.causes.length === 0 && Array.isArray(summary.causes)) {
    for (const cause of summary.causes.slice(0, MAX_CAUSES)) {
      if (isRecord(cause)) view.causes.push({ name: String(cause.name ?? 'Error'), message: String(cause.message ?? '') });
    }
  }
  return view;
}
