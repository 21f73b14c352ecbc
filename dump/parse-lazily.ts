/**
 * Parses a dump's JSON with its `objects` table left as text, each object parsed the first time
 * it is read. A debugger opens a handful of a large dump's objects; parsing all of them up front
 * (and collecting the garbage) was most of the time to the first prompt.
 *
 * One pass over the text finds the top-level `"objects"` array and the bounds of its elements;
 * everything else goes to `JSON.parse`. Returns `undefined` when the text is not shaped as
 * expected, and the caller then parses it whole: validation and its messages stay the same.
 */
export function parseLazily(text: string): Record<string, unknown> | undefined {
  const found = findObjects(text);
  if (!found) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${text.slice(0, found.start)}[]${text.slice(found.end)}`);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  (parsed as Record<string, unknown>).objects = lazyArray(text, found.bounds);
  return parsed as Record<string, unknown>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const KEY = '"objects"';
/**
 * Objects a dump may hold: the hook's 32 MB value budget makes far fewer. A 400 kB gzip of
 * `"objects":[0,0,0,…]` otherwise made hundreds of millions of bounds, and the reader ran out of
 * memory (3.5 GB) before it could say anything.
 */
export const MAX_OBJECTS = 4_000_000;

/** A dump whose `objects` table is longer than `MAX_OBJECTS`. */
export class TooManyObjectsError extends Error {
  override name = 'TooManyObjectsError';
}

/** Where the top-level `objects` array starts and ends, and where each element starts and ends. */
function findObjects(text: string): { start: number; end: number; bounds: number[] } | undefined {
  let depth = 0;
  let inString = false;
  let arrayStart = -1;
  let elementStart = -1;
  const bounds: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      // A key of the dump itself sits at depth 1; only there does `"objects"` name the table.
      if (depth === 1 && arrayStart === -1 && text.startsWith(KEY, index)) {
        let next = index + KEY.length;
        while (next < text.length && text.charCodeAt(next) <= 32) next++;
        if (text.charCodeAt(next) === 58 /* : */) {
          next++;
          while (next < text.length && text.charCodeAt(next) <= 32) next++;
          if (text.charCodeAt(next) !== OPEN_BRACKET) return undefined;
          arrayStart = next;
          depth = 2;
          index = next;
          continue;
        }
      }
      inString = true;
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (arrayStart !== -1 && depth === 2 && elementStart === -1) elementStart = index;
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (arrayStart !== -1 && depth === 1) {
        if (elementStart !== -1) bounds.push(elementStart, index);
        return { start: arrayStart, end: index + 1, bounds };
      }
    } else if (code === COMMA && arrayStart !== -1 && depth === 2) {
      if (elementStart === -1) return undefined;
      bounds.push(elementStart, index);
      elementStart = -1;
      if (bounds.length > 2 * MAX_OBJECTS) throw new TooManyObjectsError(`more than ${MAX_OBJECTS.toLocaleString('en-US')} objects`);
    } else if (arrayStart !== -1 && depth === 2 && elementStart === -1 && code > 32) {
      elementStart = index; // a primitive element: malformed for the format, the reader will say so
    }
  }
  return undefined;
}

/** An array whose elements are parsed from their text on first read, then kept. */
function lazyArray(text: string, bounds: number[]): unknown[] {
  const count = bounds.length / 2;
  const cache: unknown[] = new Array(count);
  const parsedAt = new Uint8Array(count);
  const read = (index: number): unknown => {
    if (!parsedAt[index]) {
      parsedAt[index] = 1;
      try {
        cache[index] = JSON.parse(text.slice(bounds[index * 2], bounds[index * 2 + 1]));
      } catch {
        cache[index] = undefined; // malformed: readers treat it as a missing object
      }
    }
    return cache[index];
  };
  /** The element index a property key names, or -1. */
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < count && String(index) === key ? index : -1;
  };
  return new Proxy(cache, {
    get: (target, key, receiver) => (indexOf(key) >= 0 ? read(indexOf(key)) : Reflect.get(target, key, receiver)),
    getOwnPropertyDescriptor: (target, key) =>
      indexOf(key) >= 0
        ? { value: read(indexOf(key)), writable: true, enumerable: true, configurable: true }
        : Reflect.getOwnPropertyDescriptor(target, key),
    has: (target, key) => indexOf(key) >= 0 || Reflect.has(target, key),
  });
}
