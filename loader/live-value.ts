import { inspect, types } from 'node:util';
import { holeValue, liveValue, noteValue, type Child, type ChildList } from './child.js';
import { runGuarded } from './sandbox/run-guarded.js';

/** Time allowed to render one value: inspect may run code the sandbox planted (see runGuarded). */
export const RENDER_TIMEOUT_MS = 1000;

/**
 * Options that keep `util.inspect` from running code a sandboxed expression may have planted:
 * no getters, no custom inspect functions, no Proxy traps.
 */
export const SAFE_INSPECT = { customInspect: false, getters: false, showProxy: true } as const;

/** A one-line rendering of a value an evaluation produced. */
export function renderLive(value: unknown, maxLength = 120): string {
  // inspect still reads `Symbol.toStringTag` and an error's `stack`, which may be a captured
  // accessor's stub that throws, or code planted by an expression that never ends.
  const rendered = runGuarded(() => inspect(value, { ...SAFE_INSPECT, depth: 1, breakLength: Infinity, maxArrayLength: 20, maxStringLength: maxLength }), RENDER_TIMEOUT_MS);
  const text = rendered.ok ? rendered.value : types.isProxy(value) ? '[Proxy]' : typeof value === 'function' ? '[Function]' : Array.isArray(value) ? `[Array(${value.length})]` : '[object]';
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/**
 * The children of a live object: own properties read through their descriptors (getters are not
 * called), array items, Map and Set entries. Proxies are not looked into: that would run traps.
 */
export function liveChildren(value: object): ChildList {
  if (types.isProxy(value)) return { named: () => [], indexedCount: 0, indexed: () => [] };
  const isArray = Array.isArray(value);
  const entries: unknown[] | undefined =
    types.isMap(value) ? [...Map.prototype.entries.call(value)].map(([k, v]) => ({ key: k, value: v }))
    : types.isSet(value) ? [...Set.prototype.values.call(value)]
    : undefined;
  const keys = Reflect.ownKeys(value).filter((key) => !(isArray && typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)));
  // Reading an error's `stack` descriptor formats the stack, which can run the sandbox's code.
  const named = (): Child[] => {
    const read = runGuarded(readNamed, RENDER_TIMEOUT_MS);
    return read.ok ? read.value : [{ name: '…', value: noteValue('[properties that could not be read in time]'), presentation: 'marker' }];
  };
  const readNamed = (): Child[] =>
    keys.map((key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      const name = typeof key === 'symbol' ? `[${key.toString()}]` : key;
      if ('value' in descriptor) return { name, value: liveValue(descriptor.value) };
      return { name, value: noteValue(`[${descriptor.get && descriptor.set ? 'Getter/Setter' : descriptor.get ? 'Getter' : 'Setter'}]`), presentation: 'accessor' };
    });
  const count = entries ? entries.length : isArray ? (value as unknown[]).length : 0;
  return {
    named,
    indexedCount: count,
    indexed(start, n) {
      const out: Child[] = [];
      for (let i = start; i < Math.min(count, start + n); i++) {
        if (entries) {
          out.push({ name: String(i), value: liveValue(entries[i]) });
        } else {
          const descriptor = Reflect.getOwnPropertyDescriptor(value, String(i));
          out.push({ name: String(i), value: descriptor ? ('value' in descriptor ? liveValue(descriptor.value) : noteValue('[Getter]')) : holeValue });
        }
      }
      return out;
    },
  };
}
