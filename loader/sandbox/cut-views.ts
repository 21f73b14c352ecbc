/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Rebuilt values that a capture limit cut, made to answer only what the dump knows. Runs INSIDE the
 * sandbox's vm context (its source is compiled there, like context-builder.ts), so it must not
 * refer to anything outside its own body. The built-ins it needs are taken when it is compiled,
 * before any expression runs, so an expression that patches `Map.prototype.has` does not change it.
 *
 * The design (docs/debugger.md, "Values a limit cut"): a cut value keeps its true `length`, `size`
 * and `byteLength`; reading a part that was not captured throws an error that names the part and
 * the limit; so does any built-in that would have to read such a part (`filter`, `indexOf`, a
 * `for…of`), while one that stops before it (`find` of an early item, `slice(0, 10)`) answers
 * exactly. An answer is never computed from the captured part as if it were the whole.
 */
export function cutViews(limits: Record<string, unknown>) {
  const NativeProxy = Proxy;
  const NativeTypeError = TypeError;
  const { create, defineProperty, getPrototypeOf, setPrototypeOf } = Object;
  const NativeMap = Map;
  const NativeSet = Set;
  const reflectGet = Reflect.get;
  const reflectHas = Reflect.has;
  const apply = Reflect.apply;
  const mapHas = Map.prototype.has;
  const mapGet = Map.prototype.get;
  const mapForEach = Map.prototype.forEach;
  const mapEntries = Map.prototype.entries;
  const mapKeys = Map.prototype.keys;
  const mapValues = Map.prototype.values;
  const setHas = Set.prototype.has;
  const setForEach = Set.prototype.forEach;
  const setValues = Set.prototype.values;
  const setEntries = Set.prototype.entries;
  const stringify = JSON.stringify;
  const INDEX = /^(0|[1-9]\d*)$/;
  const isIndex = (key: PropertyKey): boolean => typeof key === 'string' && INDEX.test(key);
  const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  /**
   * While set, reads of parts that were not captured do not fail (iterations of cut Maps and Sets
   * end after the captured entries): only for the debugger's own renderings (util.inspect iterates
   * them), which are marked incomplete by other means (incomplete-note.ts). Expressions never run
   * with it set.
   */
  let quiet = false;
  /** Set by the host around a rendering, from outside its time guard: a stopped rendering cannot leave it set. */
  const setQuiet = (value: boolean) => {
    quiet = value === true;
  };

  /** Thrown for every read of a part that was not captured. */
  class NotCapturedError extends NativeTypeError {}
  defineProperty(NotCapturedError.prototype, 'name', { value: 'NotCapturedError', configurable: true, writable: true });
  // While quiet (a rendering of the debugger's own), reads of what was not captured answer as if
  // absent instead of throwing: the rendering is marked incomplete instead.
  const fail = (message: string): never => {
    if (quiet) return undefined as never;
    throw new NotCapturedError(message);
  };
  /** `items limit 200 (WIPEOUT_LIMITS)`: the limit as the user would set it. */
  const limitText = (limit: string) => `${limit} limit${typeof limits[limit] === 'number' ? ` ${limits[limit]}` : ''} (WIPEOUT_LIMITS)`;
  const keyText = (key: unknown) =>
    typeof key === 'string' ? stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)
    : typeof key === 'number' || typeof key === 'boolean' || key === null || key === undefined ? String(key)
    : typeof key === 'bigint' ? `${key}n`
    : typeof key === 'symbol' ? 'a symbol' : typeof key === 'function' ? 'a function' : 'an object';

  /**
   * An array cut after `capturedUpTo` items: its prototype becomes a Proxy that throws for indexes
   * past them, so `HasProperty` and `Get` (what every Array method does) fail there, while the
   * array itself stays a real array (`Array.isArray`, `instanceof`, its own items, its length).
   */
  function cutArrayProto(label: string, proto: object, capturedUpTo: number, length: number, limit: string) {
    const why = () => `${limitText(limit)}; ${label} has ${count(length)} items, ${count(capturedUpTo)} were captured`;
    const check = (key: PropertyKey) => {
      if (isIndex(key)) {
        const index = Number(key);
        if (index >= capturedUpTo && index < length) fail(`${label}[${String(key)}] was not captured: ${why()}`);
      }
    };
    return new NativeProxy(create(proto), {
      get(target, key, receiver) {
        check(key);
        return reflectGet(target, key, receiver);
      },
      has(target, key) {
        check(key);
        return reflectHas(target, key);
      },
    });
  }

  /**
   * A Map or Set of which only some entries were captured: `size` is the true one, `has`/`get` answer
   * for captured keys and throw for others, iteration throws once the captured entries are done.
   */
  function cutCollectionProto(label: string, proto: object, isMap: boolean, captured: number, size: number, limit: string) {
    const unit = isMap ? 'entries' : 'values';
    const why = () => `${limitText(limit)}; ${label} has ${count(size)} ${unit}, ${count(captured)} were captured`;
    const has = isMap ? mapHas : setHas;
    const cutProto = create(proto);
    const method = (name: string, fn: Function) => defineProperty(cutProto, name, { value: fn, writable: true, configurable: true });
    defineProperty(cutProto, 'size', { get: () => size, configurable: true });
    method('has', function (this: any, key: unknown) {
      if (apply(has, this, [key])) return true;
      return fail(`${label}.has(${keyText(key)}) cannot be answered: that ${isMap ? 'key' : 'value'} is not among the captured ${unit}: ${why()}`);
    });
    if (isMap) {
      method('get', function (this: any, key: unknown) {
        if (apply(mapHas, this, [key])) return apply(mapGet, this, [key]);
        return fail(`${label}.get(${keyText(key)}) cannot be answered: that key is not among the captured entries: ${why()}`);
      });
    }
    method('forEach', function (this: any, callback: any, thisArg: unknown) {
      apply(isMap ? mapForEach : setForEach, this, [callback, thisArg]);
      fail(`${label}.forEach() went past the captured ${unit}: ${why()}`);
    });
    const iterate = (name: string, native: Function) =>
      function* (this: any) {
        const iterator = apply(native, this, []);
        for (let step = iterator.next(); !step.done; step = iterator.next()) yield step.value;
        fail(`${label}.${name}() went past the captured ${unit}: ${why()}`);
      };
    const entries = iterate('entries', isMap ? mapEntries : setEntries);
    method('entries', entries);
    method('keys', iterate('keys', isMap ? mapKeys : setValues));
    method('values', iterate('values', isMap ? mapValues : setValues));
    defineProperty(cutProto, Symbol.iterator, { value: isMap ? entries : iterate('values', setValues), writable: true, configurable: true });
    return cutProto;
  }

  /**
   * A typed array, Buffer, ArrayBuffer or DataView of which the first `captured` elements (bytes)
   * are known. Typed-array methods need a real typed array as `this`, so the value is a Proxy over
   * the captured part: indexes and `length`/`byteLength` answer from it and the true sizes,
   * `slice`/`subarray`/`at` within the captured part work, every other method throws.
   */
  function cutBytes(label: string, target: any, captured: number, length: number, byteLength: number, isView: boolean, limit: string, unit: string) {
    const why = () => `${limitText(limit)}; ${label} has ${count(length)} ${unit}, ${count(captured)} were captured`;
    const inRange = (value: unknown, fallback: number) => {
      const n = value === undefined ? fallback : Number(value);
      return n < 0 ? Math.max(0, length + n) : Math.min(n, length);
    };
    let proxy: any;
    const wrap = (name: string, fn: Function) =>
      function (this: unknown, ...args: unknown[]) {
        if (this !== proxy) return apply(fn, this, args);
        if (name === 'slice' || name === 'subarray') {
          if (inRange(args[1], length) <= captured) return apply(fn, target, args);
        } else if (name === 'at') {
          const index = Math.trunc(inRange(args[0], 0));
          if (index < captured) return apply(fn, target, args);
        }
        return fail(`${label}.${name}() needs ${unit} that were not captured: ${why()}`);
      };
    const wrapped = new Map<PropertyKey, Function>();
    proxy = new NativeProxy(target, {
      get(t, key) {
        if (key === 'length' && isView) return length;
        if (key === 'byteLength') return byteLength;
        if (isIndex(key)) {
          const index = Number(key);
          if (index < captured) return t[index];
          if (index < length) fail(`${label}[${String(key)}] was not captured: ${why()}`);
          return undefined;
        }
        // Getters of typed arrays (`buffer`, `byteOffset`) need the real object as `this`.
        const value = reflectGet(t, key, t);
        if (typeof value !== 'function' || key === 'constructor') return value;
        let fn = wrapped.get(key);
        if (!fn) wrapped.set(key, (fn = wrap(typeof key === 'symbol' ? `[${String(key).slice(7, -1)}]` : key, value)));
        return fn;
      },
      has(t, key) {
        if (isIndex(key)) {
          const index = Number(key);
          if (index >= captured && index < length) fail(`${label}[${String(key)}] was not captured: ${why()}`);
          return index < length;
        }
        return reflectHas(t, key);
      },
      ownKeys() {
        return fail(`${label}'s keys cannot be listed: not every one of its ${unit} was captured: ${why()}`);
      },
    });
    return proxy;
  }

  /**
   * An object of which some properties were left out: reading a string key it does not have (own or
   * inherited) throws instead of answering `undefined`, since the key may be one of those left out.
   */
  function cutObjectProto(label: string, proto: object | null, omitted: number | undefined) {
    const why = `${limitText('properties')}; ${label} has ${omitted === undefined ? 'more' : count(omitted)} properties that were not captured`;
    const check = (target: object, key: PropertyKey) => {
      if (typeof key === 'string' && !reflectHas(target, key)) fail(`${label}.${key} may be one of the properties that were not captured: ${why}`);
    };
    return new NativeProxy(create(proto), {
      get(target, key, receiver) {
        check(target, key);
        return reflectGet(target, key, receiver);
      },
      has(target, key) {
        check(target, key);
        return reflectHas(target, key);
      },
    });
  }

  /**
   * The prototype of the markers that stand for values a limit left out: a marker has a few names of
   * its own (`toString`, `note`); reading any other property fails with what was not captured.
   */
  function notCapturedProto(base: object) {
    return new NativeProxy(create(base), {
      get(target, key, receiver) {
        if (typeof key === 'string' && !reflectHas(target, key)) {
          const note = reflectGet(receiver, 'note', receiver);
          const label = reflectGet(receiver, 'label', receiver);
          fail(`${label ? `${label}.${key} cannot be read: ${label} is ` : `.${key} cannot be read: the value is `}${note}`);
        }
        return reflectGet(target, key, receiver);
      },
    });
  }

  const limitOf = (why: any, fallback: string): string => (typeof why?.limit === 'string' ? why.limit : fallback);

  /** The cut view of a bytes node (`built` is its rebuilt captured part), with its incomplete note. */
  function limitBytes(node: any, built: any, label: string): [object, string] {
    const isView = !(node.className === 'ArrayBuffer' || node.className === 'SharedArrayBuffer' || node.className === 'DataView');
    const asElements = Array.isArray(node.elements) && !Array.isArray(node.bytes);
    const captured = asElements ? node.elements.length : (node.bytes ?? []).length;
    const limit = limitOf(node.itemsTruncated, 'items');
    const unit = isView && asElements ? 'elements' : 'bytes';
    const total = isView ? node.length : node.byteLength;
    const proxy = cutBytes(label, built, captured, total, node.byteLength, isView, limit, unit);
    return [proxy, `${label}: ${count(captured)} of ${count(total)} ${unit} were captured (${limitText(limit)})`];
  }

  /**
   * Gives a filled array, Map, Set or object that a limit cut the prototype that refuses to answer
   * for what is missing; returns its incomplete note, or `undefined` when nothing was cut.
   */
  function limitReads(node: any, target: any, label: () => string): string | undefined {
    if (node.kind === 'array' && node.itemsTruncated) {
      let capturedUpTo = Array.isArray(node.dense) ? node.dense.length : 0;
      for (const pair of node.items) if (Array.isArray(pair) && Number.isInteger(pair[0]) && pair[0] >= capturedUpTo) capturedUpTo = pair[0] + 1;
      const limit = limitOf(node.itemsTruncated, 'items');
      setPrototypeOf(target, cutArrayProto(label(), getPrototypeOf(target), capturedUpTo, node.length, limit));
      return `${label()}: ${count(capturedUpTo)} of ${count(node.length)} items were captured (${limitText(limit)})`;
    }
    if ((node.kind === 'map' || node.kind === 'set') && (target instanceof NativeMap || target instanceof NativeSet)) {
      const captured = node.kind === 'map' ? node.entries.length : node.values.length;
      const size = typeof node.size === 'number' ? node.size : captured;
      if (size <= captured) return undefined;
      const limit = limitOf(node.entriesTruncated ?? node.valuesTruncated, 'items');
      setPrototypeOf(target, cutCollectionProto(label(), getPrototypeOf(target), node.kind === 'map', captured, size, limit));
      return `${label()}: ${count(captured)} of ${count(size)} ${node.kind === 'map' ? 'entries' : 'values'} were captured (${limitText(limit)})`;
    }
    if (node.kind === 'object' && node.truncated) {
      const omitted = typeof node.truncated.omitted === 'number' ? node.truncated.omitted : undefined;
      setPrototypeOf(target, cutObjectProto(label(), getPrototypeOf(target), omitted));
      return `${label()}: ${omitted === undefined ? 'some' : count(omitted)} properties were not captured (${limitText('properties')})`;
    }
    return undefined;
  }

  return { limitBytes, limitReads, cutArrayProto, cutCollectionProto, cutBytes, cutObjectProto, notCapturedProto, limitText, count, setQuiet };
}
