import { inspect, types } from 'node:util';
import type { LeafType, RemoteChild, RemoteValue } from './evaluator-protocol.js';
import { renderQuietly } from './frame-sandbox.js';
import { unmarkRedactions } from './redaction-mark.js';
import { runGuarded } from './run-guarded.js';

/** Time allowed to render one value: inspect may run code the sandbox planted (see runGuarded). */
const RENDER_TIMEOUT_MS = 1000;

/** Longest string result sent back whole (for a debugger's "copy value"); longer ones send their text. */
const MAX_PRIMITIVE_STRING = 1_000_000;

/**
 * Options that keep `util.inspect` from running code a sandboxed expression may have planted:
 * no getters, no custom inspect functions, no Proxy traps.
 */
export const SAFE_INSPECT = { customInspect: false, getters: false, showProxy: true } as const;

/**
 * The values expressions produced, in the evaluator process: each object gets an id the loader
 * can ask children of. `refOf` maps an object rebuilt from the dump back to its dump reference, so
 * the loader shows it from the dump itself.
 */
export class LiveValues {
  #byId = new Map<number, object>();
  #ids = new Map<object, number>();

  constructor(private readonly refOf: (value: object) => number | undefined) {}

  describe(value: unknown, maxLength: number): RemoteValue {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      const remote: RemoteValue = { kind: 'leaf', type: (value === null ? 'null' : typeof value) as LeafType, text: render(value, maxLength) };
      if (value !== undefined && typeof value !== 'symbol' && !(typeof value === 'string' && value.length > MAX_PRIMITIVE_STRING)) remote.primitive = value as string | number | boolean | bigint | null;
      return remote;
    }
    const ref = this.refOf(value);
    if (ref !== undefined) return { kind: 'dump', ref };
    const children = liveChildren(value);
    return {
      kind: 'object',
      type: typeof value === 'function' ? 'function' : 'object',
      text: render(value, maxLength),
      id: this.#idOf(value),
      namedCount: children.named().length,
      indexedCount: children.indexedCount,
    };
  }

  /** Children of an object by id: named ones, or a page of indexed ones. */
  children(id: number, filter: 'named' | 'indexed', start: number, count: number, maxLength: number): RemoteChild[] | undefined {
    const value = this.#byId.get(id);
    if (value === undefined) return undefined;
    const list = liveChildren(value);
    const slots = filter === 'named' ? list.named().slice(start, start + count) : list.indexed(start, count);
    return slots.map((slot) => {
      const child: RemoteChild = { name: slot.name, value: 'note' in slot ? { kind: 'note', text: slot.note } : this.describe(slot.value, maxLength) };
      if (slot.presentation) child.presentation = slot.presentation;
      return child;
    });
  }

  #idOf(value: object): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#byId.size + 1;
      this.#byId.set(id, value);
      this.#ids.set(value, id);
    }
    return id;
  }
}

/** A one-line rendering of a value an evaluation produced. */
function render(value: unknown, maxLength: number): string {
  // inspect still reads `Symbol.toStringTag` and an error's `stack`, which may be a captured
  // accessor's stub that throws, or code planted by an expression that never ends.
  const rendered = renderQuietly(() => runGuarded(() => inspect(value, { ...SAFE_INSPECT, depth: 1, breakLength: Infinity, maxArrayLength: 20, maxStringLength: maxLength }), RENDER_TIMEOUT_MS));
  const text = rendered.ok ? unmarkRedactions(rendered.value) : types.isProxy(value) ? '[Proxy]' : typeof value === 'function' ? '[Function]' : Array.isArray(value) ? `[Array(${value.length})]` : '[object]';
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

type Slot = { name: string; presentation?: 'accessor' | 'marker' } & ({ value: unknown } | { note: string });

/**
 * The children of a live object: own properties read through their descriptors (getters are not
 * called), array items, Map and Set entries. Proxies are not looked into: that would run traps.
 */
function liveChildren(value: object): { named(): Slot[]; indexedCount: number; indexed(start: number, n: number): Slot[] } {
  if (types.isProxy(value)) return { named: () => [], indexedCount: 0, indexed: () => [] };
  const isArray = Array.isArray(value);
  const entries: unknown[] | undefined =
    types.isMap(value) ? [...Map.prototype.entries.call(value)].map(([k, v]) => ({ key: k, value: v }))
    : types.isSet(value) ? [...Set.prototype.values.call(value)]
    : undefined;
  const keys = Reflect.ownKeys(value).filter((key) => !(isArray && typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)));
  // Reading an error's `stack` descriptor formats the stack, which can run the sandbox's code.
  const named = (): Slot[] => {
    const read = runGuarded(readNamed, RENDER_TIMEOUT_MS);
    return read.ok ? read.value : [{ name: '…', note: '[properties that could not be read in time]', presentation: 'marker' }];
  };
  const readNamed = (): Slot[] =>
    keys.map((key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      const name = typeof key === 'symbol' ? `[${key.toString()}]` : key;
      if ('value' in descriptor) return { name, value: descriptor.value };
      return { name, note: `[${descriptor.get && descriptor.set ? 'Getter/Setter' : descriptor.get ? 'Getter' : 'Setter'}]`, presentation: 'accessor' };
    });
  const count = entries ? entries.length : isArray ? (value as unknown[]).length : 0;
  return {
    named,
    indexedCount: count,
    indexed(start, n) {
      const out: Slot[] = [];
      for (let i = start; i < Math.min(count, start + n); i++) {
        if (entries) {
          out.push({ name: String(i), value: entries[i] });
        } else {
          const descriptor = Reflect.getOwnPropertyDescriptor(value, String(i));
          out.push(descriptor ? ('value' in descriptor ? { name: String(i), value: descriptor.value } : { name: String(i), note: '[Getter]' }) : { name: String(i), note: '<empty item>' });
        }
      }
      return out;
    },
  };
}
