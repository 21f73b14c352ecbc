import { types } from 'node:util';
import { runGuarded } from './run-guarded.js';

/** Objects looked at, at most, to find whether a result shows a cut one. */
const MAX_VISITS = 5_000;

/**
 * Whether a rendering of `value` down to `depth` would show an object that a capture limit cut,
 * and if so what to say: `(incomplete: jobs: 200 of 1,000 items were captured (items limit 200
 * (WIPEOUT_LIMITS)))`. Reads only own data properties and Map/Set contents through the host's
 * built-ins, so no code of the sandbox runs; a Proxy is not looked into (it may be an
 * expression's), except the cut ones the sandbox itself made, which `notes` knows.
 */
export function incompleteNote(value: unknown, depth: number, notes: WeakMap<object, string>): string | undefined {
  const found: string[] = [];
  const seen = new Set<object>();
  let visits = 0;
  const walk = (current: unknown, level: number): void => {
    if ((typeof current !== 'object' && typeof current !== 'function') || current === null || seen.has(current)) return;
    if (++visits > MAX_VISITS || found.length >= 3) return;
    seen.add(current);
    const note = notes.get(current);
    if (note !== undefined) found.push(note);
    if (level >= depth || types.isProxy(current)) return;
    if (types.isMap(current)) {
      for (const [key, item] of Map.prototype.entries.call(current) as IterableIterator<[unknown, unknown]>) {
        walk(key, level + 1);
        walk(item, level + 1);
        if (visits > MAX_VISITS) return;
      }
    } else if (types.isSet(current)) {
      for (const item of Set.prototype.values.call(current) as IterableIterator<unknown>) {
        walk(item, level + 1);
        if (visits > MAX_VISITS) return;
      }
    }
    for (const key of Reflect.ownKeys(current)) {
      // Reading an error's `stack` descriptor formats the stack, which can run the sandbox's code.
      if (key === 'stack') continue;
      const descriptor = Reflect.getOwnPropertyDescriptor(current, key);
      if (descriptor && 'value' in descriptor) walk(descriptor.value, level + 1);
      if (visits > MAX_VISITS) return;
    }
  };
  // Still guarded: a sandbox can plant code in places a descriptor read reaches.
  const walked = runGuarded(() => walk(value, 0), 1000);
  if (!walked.ok) return undefined;
  if (found.length === 0) return undefined;
  return `(incomplete: ${found.join('; ')}${visits > MAX_VISITS || found.length >= 3 ? '; perhaps more' : ''})`;
}
