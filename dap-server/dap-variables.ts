import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel, VariableView } from '../loader/index.js';
import { toDapVariable } from './to-dap-variable.js';
import type { RefTarget, VariableRefs } from './variable-refs.js';

/** The model returns at most this many children per call. */
const MODEL_PAGE = 10_000;
/**
 * What "all of them" means at most: an array of 2^32 - 1 holes has that many children, and
 * building them all would take the whole adapter down. Clients page long lists with `start` and
 * `count` (from `indexedVariables`), which reach every child.
 */
const MAX_UNPAGED = 10_000;

/**
 * The children of a reference, paged as the client asks (`filter`, `start`, `count`); when `count`
 * is absent or 0, all of them as the protocol says, up to MAX_UNPAGED.
 */
export function dapVariables(model: DumpModel, target: RefTarget, args: DebugProtocol.VariablesArguments, refs: VariableRefs): DebugProtocol.Variable[] {
  const filter = args.filter === 'named' || args.filter === 'indexed' ? args.filter : undefined;
  const start = Number.isInteger(args.start) && args.start! > 0 ? args.start! : 0;
  const count = Number.isInteger(args.count) && args.count! > 0 ? Math.min(args.count!, MAX_UNPAGED) : MAX_UNPAGED;
  // A fixed list (a thrown primitive's scope) has its named children first, then its indexed ones.
  const list = target.list && (filter === 'indexed' ? target.list.slice(target.namedCount) : filter === 'named' ? target.list.slice(0, target.namedCount) : target.list);
  const children = list ? list.slice(start, start + count) : page(model, target.handle, filter, start, count);
  return children.map((child, at) => {
    const position = start + at;
    const indexed = filter === 'indexed' || (filter === undefined && position >= target.namedCount);
    return toDapVariable(child, target, indexed, refs);
  });
}

function page(model: DumpModel, handle: number, filter: 'named' | 'indexed' | undefined, start: number, count: number): VariableView[] {
  const out: VariableView[] = [];
  while (out.length < count) {
    const want = Math.min(MODEL_PAGE, count - out.length);
    const got = model.children(handle, { start: start + out.length, count: want, ...(filter ? { filter } : {}) });
    out.push(...got);
    if (got.length < want) break;
  }
  return out;
}
