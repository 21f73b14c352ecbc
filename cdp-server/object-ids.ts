import type { ValueView, VariableView } from '../loader/index.js';

/** What an `objectId` of this server stands for. */
export type ObjectTarget =
  /** A model handle: a value or a scope. */
  | { type: 'handle'; handle: number }
  /** A frame's innermost scope without `this`, which CDP gives apart (`CallFrame.this`). */
  | { type: 'scope-without-this'; handle: number }
  /** A Map's or Set's `[[Entries]]`. */
  | { type: 'entries'; handle: number }
  /** Items `start` to `end` (exclusive) of a list: DevTools' and js-debug's pages of big arrays. */
  | { type: 'range'; handle: number; start: number; end: number }
  /** Only the named children (a big array's properties, without its items). */
  | { type: 'named'; handle: number }
  /** A fixed list of this session's (a note where nothing was captured). */
  | { type: 'list'; list: VariableView[] };

/**
 * The object ids of one session. Model handles are encoded in the id itself (`v:12`), so the same
 * object always has the same id; only fixed lists are kept here.
 */
export class ObjectIds {
  #lists: VariableView[][] = [];
  /** The view each handle was handed out with: its kind and counts decide how it is listed. */
  #views = new Map<number, ValueView>();

  remember(view: ValueView): void {
    if (view.handle > 0 && !this.#views.has(view.handle)) this.#views.set(view.handle, view);
  }

  viewOf(handle: number): ValueView | undefined {
    return this.#views.get(handle);
  }

  handle = (handle: number) => `v:${handle}`;
  scopeWithoutThis = (handle: number) => `t:${handle}`;
  entries = (handle: number) => `e:${handle}`;
  range = (handle: number, start: number, end: number) => `r:${handle}:${start}:${end}`;
  named = (handle: number) => `n:${handle}`;

  list(list: VariableView[]): string {
    // Bounded: a client asking for the same frames again and again cannot grow this without end.
    if (this.#lists.length >= 10_000) this.#lists = [];
    this.#lists.push(list);
    return `l:${this.#lists.length - 1}`;
  }

  /** The target of an id, or `undefined` for anything this session did not hand out. */
  parse(id: unknown): ObjectTarget | undefined {
    if (typeof id !== 'string' || id.length > 100) return undefined;
    const match = /^([vtenlr]):(\d+)(?::(\d+):(\d+))?$/.exec(id);
    if (!match) return undefined;
    const n = Number(match[2]);
    switch (match[1]) {
      case 'v': return n > 0 ? { type: 'handle', handle: n } : undefined;
      case 't': return n > 0 ? { type: 'scope-without-this', handle: n } : undefined;
      case 'e': return n > 0 ? { type: 'entries', handle: n } : undefined;
      case 'n': return n > 0 ? { type: 'named', handle: n } : undefined;
      case 'r': {
        const start = Number(match[3]);
        const end = Number(match[4]);
        return match[3] !== undefined && n > 0 && end >= start ? { type: 'range', handle: n, start, end } : undefined;
      }
      case 'l': {
        const list = this.#lists[n];
        return list ? { type: 'list', list } : undefined;
      }
    }
    return undefined;
  }
}
