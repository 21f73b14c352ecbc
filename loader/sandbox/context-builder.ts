/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Runs INSIDE the sandbox's vm context: its source text is compiled there, so every object it
 * makes comes from the context's own intrinsics and no host object is ever reachable from an
 * expression (`x.constructor.constructor` is the context's Function, which cannot compile strings).
 * It must not refer to anything outside its own body, and it receives only strings.
 *
 * Input (JSON): `{ nodes: [[ref, node]…], vars: [[name, value]…] (outermost scope first), labels,
 * limits, complete?: true, this?: value }` with dump values and nodes as in dump/types.ts (bytes
 * already expanded to `bytes: number[]`): the first part of the frame's values (sandbox-spec.ts).
 * `bufferToString` is `bufferToString` from buffer-to-string.ts, compiled in the context too.
 * Output: the rebuilt objects, indexed by ref, so the host can map results back to the dump; the
 * refs that part added; and `extend`, which loads a later part (more variables, and only objects
 * not sent before, whose references to earlier ones resolve to the same objects).
 *
 * `extend` runs after expressions did, so the host compiles this function with the context's
 * built-ins bound at creation (frame-sandbox.ts): a global an expression or a captured variable
 * replaced (`JSON`, `Map`) is not the one used here.
 */
export function buildInContext(
  json: string,
  thisKey: string,
  bufferToString: (this: Uint8Array, encoding?: string) => string,
  cutViews: typeof import('./cut-views.js').cutViews,
  errorKey = '__wipeoutError__',
  redactionMark = '',
): [objects: Record<number, unknown>, added: number[], incomplete: Array<[object, string]>, setQuiet: (value: boolean) => void, extend: (json: string) => [added: number[], incomplete: Array<[object, string]>]] {
  const parse = JSON.parse;
  const spec: any = parse(json);
  const { defineProperty, create, setPrototypeOf, getPrototypeOf, freeze, getOwnPropertyDescriptor } = Object;
  const cut = cutViews(spec.limits && typeof spec.limits === 'object' ? spec.limits : {});
  /** Paths that name objects in errors, from every part loaded. */
  const labels = new Map<number, string>();
  /** Objects a limit cut in the part being loaded, with what an answer that shows them must say about them. */
  let incomplete: Array<[object, string]> = [];
  const NativeMap = Map;
  const NativeSet = Set;
  const NativeWeakMap = WeakMap;
  const NativeWeakSet = WeakSet;
  const NativePromise = Promise;
  const NativeError = Error;
  const NativeTypeError = TypeError;
  const NativeSymbol = Symbol;
  const NativeBigInt = BigInt;
  const NativeProxy = Proxy;
  const NativeDate = Date;
  const NativeRegExp = RegExp;
  const global: any = globalThis;
  const named = (name: string, fn: any) => {
    defineProperty(fn, 'name', { value: name, configurable: true });
    return fn;
  };
  const classes = new NativeMap<string, any>();
  const errors: Record<string, any> = {
    Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError,
  };
  const typed: Record<string, any> = {
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  };

  /** A value that was not captured: shown as such, never mistaken for data. */
  class NotCaptured {
    constructor(readonly note: string, readonly label?: string) {
      // Reading anything else of it fails with what was not captured (see notCapturedProto).
      setPrototypeOf(this, markerProto);
      freeze(this);
    }
    toString() {
      return `[${this.note}]`;
    }
  }
  const markerProto = cut.notCapturedProto(NotCaptured.prototype);
  /** True while the host renders a result (see `setQuiet` below): Redacted values then carry `redactionMark`. */
  let rendering = false;
  const redactionTexts = new NativeWeakMap<object, string>();
  /**
   * A value withheld because it looked secret. `reason` says why (`name matches "key"`), for
   * `util.inspect` and `String()` alike; dumps older than reasons have none. The text is
   * redactionText()'s in describe-redaction.ts, repeated since this runs inside the vm context.
   * Its fields are not enumerable and, while the host renders, its `Symbol.toStringTag` is the
   * text between two `redactionMark`s: util.inspect (which must not run custom inspectors here)
   * then writes `Redacted [mark…mark] {}`, which the host replaces by the text (redaction-mark.ts),
   * so `p` prints a secret as `locals` and `show` do.
   */
  class Redacted {
    declare readonly type: string;
    declare readonly length?: number;
    declare readonly reason?: string;
    constructor(type: string, length?: number, why?: { rule?: unknown; match?: unknown; under?: unknown }) {
      let reason: string | undefined;
      if (why && typeof why.match === 'string') {
        const name = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
        const match = `name matches ${name(why.match)}`;
        reason = why.rule === 'shape' ? `looks like a ${why.match}` : typeof why.under === 'string' ? `inside ${name(why.under)}, whose ${match}` : match;
      }
      defineProperty(this, 'type', { value: type });
      defineProperty(this, 'length', { value: length });
      defineProperty(this, 'reason', { value: reason });
      const chars = typeof length === 'number' ? `, ${length} chars` : '';
      redactionTexts.set(this, reason === undefined ? `[redacted ${type}${chars}]` : `[${type === 'string' ? 'redacted' : `redacted ${type}`}: ${reason}${chars}]`);
      freeze(this);
    }
    toString() {
      return redactionTexts.get(this) ?? '[redacted]';
    }
    get [Symbol.toStringTag]() {
      const text = rendering ? redactionTexts.get(this) : undefined;
      return text === undefined ? undefined : `${redactionMark}${text}${redactionMark}`;
    }
  }

  /** A stand-in class with the captured class name; calling it says why it cannot run. */
  const classFor = (name: string, base?: any): any => {
    const key = `${base ? base.name : ''}:${name}`;
    let cls = classes.get(key);
    if (!cls) {
      cls = named(name || 'Object', function () {
        throw new NativeTypeError(`${name} is a class of the crashed program: it cannot run in a postmortem session`);
      });
      if (base) {
        setPrototypeOf(cls.prototype, base.prototype);
        setPrototypeOf(cls, base);
      }
      classes.set(key, cls);
    }
    return cls;
  };
  const instanceOf = (name: string, base?: any, native?: any) =>
    !name || (native && name === native.name) ? undefined : classFor(name, base).prototype;

  /** A Buffer stand-in: a Uint8Array whose `toString(encoding)` decodes as Node's would (utf8, hex, base64, latin1, ascii). */
  const bufferClass = () => {
    const existing = classes.get('Uint8Array:Buffer');
    if (existing) return existing;
    const cls = classFor('Buffer', Uint8Array);
    defineProperty(cls.prototype, 'toString', { configurable: true, writable: true, value: bufferToString });
    return cls;
  };

  const stub = (node: any) => {
    const label = node.name || '(anonymous)';
    const source: string | undefined = node.sourceText;
    const fn = named(node.name ?? '', function () {
      throw new NativeTypeError(
        `${label} is a function of the crashed program: it cannot run in a postmortem session` +
          (source ? `. Its source:\n${source}` : ''),
      );
    });
    if (source !== undefined) defineProperty(fn, 'toString', { value: () => source, writable: true, configurable: true });
    return fn;
  };

  // Null-prototype: an expression that plants `Array.prototype[7]` must not make ref 7 look loaded.
  const objects: any = create(null);
  /** `label` says where the value sits (`order.customer`), for the errors of values not captured. */
  const value = (v: any, label?: string): unknown => {
    try {
      return rawValue(v, label);
    } catch {
      return new NotCaptured('malformed value');
    }
  };
  const rawValue = (v: any, label?: string): unknown => {
    if (v === null || typeof v !== 'object') return v;
    switch (v.t) {
      case 'undefined':
        return undefined;
      case 'number':
        return v.v === 'NaN' ? NaN : v.v === '-0' ? -0 : v.v === 'Infinity' ? Infinity : -Infinity;
      case 'bigint':
        try {
          return NativeBigInt(v.v);
        } catch {
          return new NotCaptured(`malformed bigint ${String(v.v).slice(0, 20)}`);
        }
      case 'symbol':
        return NativeSymbol(v.description);
      case 'string':
        return `${v.v}…`;
      case 'uninitialized':
        return new NotCaptured('uninitialized: read before its declaration ran');
      case 'redacted':
        return new Redacted(String(v.type), typeof v.length === 'number' ? v.length : undefined, v.why);
      case 'cut':
        return new NotCaptured(`${v.className ?? v.type ?? 'value'} not captured: ${typeof v.why?.limit === 'string' ? cut.limitText(v.why.limit) : 'a limit'}`, label);
      case 'ref':
        return v.ref in objects ? objects[v.ref] : new NotCaptured(`missing object #${v.ref}`);
      default:
        return new NotCaptured('malformed value');
    }
  };

  // Pass 1: an empty shell per object, so that cycles and shared references resolve in pass 2.
  let settle: Array<() => void> = [];
  const shell = (ref: number, node: any): unknown => {
    switch (node.kind) {
      case 'array': {
        const array: unknown[] = [];
        const proto = instanceOf(node.className, Array, Array);
        if (proto) setPrototypeOf(array, proto);
        return array;
      }
      case 'function':
        return stub(node);
      case 'error': {
        const base = errors[node.className] ?? errors[node.name];
        return create((base ?? classFor(node.className || node.name, NativeError)).prototype);
      }
      case 'map':
      case 'set': {
        const native: any = node.kind === 'map' ? (node.className === 'WeakMap' ? NativeWeakMap : NativeMap) : node.className === 'WeakSet' ? NativeWeakSet : NativeSet;
        const collection = new native();
        const proto = instanceOf(node.className, native, native);
        if (proto) setPrototypeOf(collection, proto);
        return collection;
      }
      case 'date':
        return new NativeDate(node.time ?? NaN);
      case 'regexp':
        try {
          return new NativeRegExp(node.source, node.flags);
        } catch {
          return new NotCaptured(`unreadable RegExp /${node.source}/${node.flags}`);
        }
      case 'bytes': {
        const bytes: number[] = node.bytes ?? [];
        if (node.className === 'ArrayBuffer' || node.className === 'SharedArrayBuffer') {
          const buffer = new ArrayBuffer(bytes.length);
          new Uint8Array(buffer).set(bytes);
          return buffer;
        }
        if (node.className === 'DataView') {
          const buffer = new ArrayBuffer(bytes.length);
          new Uint8Array(buffer).set(bytes);
          return new DataView(buffer);
        }
        if (node.className === 'Buffer' || !typed[node.className]) {
          const array = new Uint8Array(bytes);
          setPrototypeOf(array, (node.className === 'Buffer' ? bufferClass() : classFor(node.className || 'Buffer', Uint8Array)).prototype);
          return array;
        }
        const Typed = typed[node.className];
        const elements: Array<number | string> = node.elements ?? [];
        const big = node.className.startsWith('Big');
        return new Typed(elements.map((e) => (big ? NativeBigInt(e) : Number(e))));
      }
      case 'promise': {
        let resolve: (v: unknown) => void = () => {};
        let reject: (v: unknown) => void = () => {};
        const promise = new NativePromise((res, rej) => {
          resolve = res;
          reject = rej;
        });
        // A rejected captured promise must not look like a new unhandled rejection.
        promise.catch(() => {});
        if (node.state === 'fulfilled') settle.push(() => resolve(value(node.result)));
        if (node.state === 'rejected') settle.push(() => reject(value(node.result)));
        return promise;
      }
      case 'proxy':
        return undefined; // made after the other shells: it needs its target's shell
      case 'opaque':
        return create(classFor(node.className || 'Object').prototype);
      case 'boxed':
        return Object(value(node.primitive));
      default:
        return node.className && node.className !== 'Object' ? create(instanceOf(node.className)) : {};
    }
  };

  const define = (target: any, key: PropertyKey, descriptor: PropertyDescriptor) => {
    try {
      defineProperty(target, key, { configurable: true, ...descriptor });
    } catch {
      // A property the shell already has and cannot reconfigure: a function's `prototype` is
      // writable, and a captured class's must be its captured prototype, for `instanceof`.
      if (key === 'prototype' && typeof target === 'function' && 'value' in descriptor) {
        try {
          target.prototype = descriptor.value;
        } catch {
          // Keep the shell's.
        }
      }
    }
  };
  const accessor = (label: string) =>
    function () {
      throw new NativeTypeError(`${label} is an accessor of the crashed program: it was not run at capture and cannot run now`);
    };

  const labelOf = (ref: number, node: any) => labels.get(ref) ?? `(a ${node.className || 'value'})`;

  /** A typed array, Buffer, ArrayBuffer or DataView cut at a limit answers only from what was captured. */
  const limitBytes = (ref: number, node: any, built: any) => {
    if (node.kind !== 'bytes' || !node.itemsTruncated || built === null || typeof built !== 'object') return built;
    const [proxy, note] = cut.limitBytes(node, built, labelOf(ref, node));
    incomplete.push([proxy, note]);
    return proxy;
  };
  /** After filling: a node a limit cut gets a prototype that refuses to answer for what is missing. */
  const limitReads = (ref: number, target: any, node: any) => {
    const note = cut.limitReads(node, target, () => labelOf(ref, node));
    if (note !== undefined) incomplete.push([target, note]);
  };

  const fill = (ref: number, target: any, node: any) => {
    if (node.kind === 'array') {
      try {
        target.length = node.length;
      } catch {
        // An absurd length from a damaged dump: keep the items we have.
      }
      if (Array.isArray(node.dense)) for (let index = 0; index < node.dense.length; index++) target[index] = value(node.dense[index]);
      for (const pair of node.items) {
        if (Array.isArray(pair) && Number.isInteger(pair[0]) && pair[0] >= 0 && pair[0] < 4294967295) target[pair[0]] = value(pair[1]);
      }
    } else if (node.kind === 'map' && target instanceof NativeMap) {
      for (const entry of node.entries) if (Array.isArray(entry)) target.set(value(entry[0]), value(entry[1]));
    } else if (node.kind === 'set' && target instanceof NativeSet) {
      for (const v of node.values) target.add(value(v));
    } else if (node.kind === 'error') {
      define(target, 'message', { value: node.message, writable: true, enumerable: false });
      if (node.stack !== undefined) define(target, 'stack', { value: node.stack, writable: true, enumerable: false });
      if (node.cause !== undefined) define(target, 'cause', { value: value(node.cause), writable: true, enumerable: false });
      if (node.errors !== undefined) define(target, 'errors', { value: value(node.errors), writable: true, enumerable: false });
      if (!(node.className in errors) && node.name !== node.className) define(target, 'name', { value: node.name, writable: true, enumerable: false });
    }
    for (const prop of node.props ?? []) {
      const key = prop.symbol ? NativeSymbol(String(prop.name).replace(/^Symbol\((.*)\)$/, '$1')) : prop.name;
      if (prop.get !== undefined || prop.set !== undefined) {
        define(target, key, {
          get: prop.get !== undefined ? accessor(`getter ${prop.name}`) : undefined,
          set: prop.set !== undefined ? accessor(`setter ${prop.name}`) : undefined,
          enumerable: prop.enumerable !== false,
        });
      } else if (prop.builtIn === true && typeof key === 'string' && key.endsWith('()')) {
        // What a built-in's own method answered at capture (`toString()` of URLSearchParams).
        const answer = value(prop.value);
        define(target, key.slice(0, -2), { value: named(key.slice(0, -2), () => answer), writable: true, enumerable: false });
      } else {
        define(target, key, { value: value(prop.value, prop.value?.t === 'cut' ? `${labelOf(ref, node)}.${String(prop.name)}` : undefined), writable: prop.writable !== false, enumerable: prop.enumerable !== false });
      }
    }
    if (node.proto && typeof node.proto === 'object' && node.proto.t === 'ref') {
      const proto = objects[node.proto.ref];
      try {
        if (proto && typeof proto === 'object') setPrototypeOf(target, proto);
      } catch {
        // A prototype cycle from a damaged dump: keep the class prototype.
      }
    }
  };

  // Each step is guarded: a damaged node becomes a NotCaptured marker, the rest still loads.
  const guard = (ref: number, step: () => void) => {
    try {
      step();
    } catch {
      objects[ref] = new NotCaptured(`unreadable object #${ref}`);
    }
  };
  /** Loads one part: its objects (shells, then contents) and its variables, shadowing as they come. */
  const load = (part: any): number[] => {
    incomplete = [];
    settle = [];
    if (Array.isArray(part.labels)) for (const pair of part.labels) if (Array.isArray(pair) && typeof pair[1] === 'string') labels.set(pair[0], pair[1]);
    const added: number[] = [];
    for (const [ref, node] of part.nodes) {
      // A ref sent twice would become a second object: the first one stays.
      if (ref in objects) continue;
      added.push(ref);
      guard(ref, () => (objects[ref] = limitBytes(ref, node, shell(ref, node))));
    }
    const fresh = new NativeSet(added);
    const nodes = part.nodes.filter((pair: any) => fresh.has(pair[0]));
    for (const [ref, node] of nodes) {
      if (node.kind !== 'proxy') continue;
      guard(ref, () => {
        const target = value(node.target);
        objects[ref] = new NativeProxy(target !== null && typeof target === 'object' ? target : {}, {});
      });
    }
    for (const [ref, node] of nodes) {
      const target = objects[ref];
      if (target !== null && (typeof target === 'object' || typeof target === 'function') && !(target instanceof NotCaptured)) {
        try {
          fill(ref, target, node);
        } catch {
          // Keep what was filled before the damaged part.
        }
        try {
          limitReads(ref, target, node);
        } catch {
          // A damaged node: it keeps its ordinary prototype.
        }
      }
    }
    for (const run of settle) {
      try {
        run();
      } catch {
        // A damaged promise result: the promise stays pending.
      }
    }

    for (const [name, v] of part.vars) {
      if (typeof name !== 'string') continue;
      try {
        defineProperty(global, name, { value: value(v, name), writable: true, enumerable: true, configurable: true });
      } catch {
        // `undefined`, `NaN`, `Infinity` cannot be redefined; a captured one is the same anyway.
      }
    }
    // Until the whole frame is loaded, only the context's own Error is locked: an expression that
    // names `Error` (or `this`) is given the whole frame first (expression-names.ts).
    if (part.complete === true && !completed) {
      completed = true;
      defineProperty(global, thisKey, { value: 'this' in part ? value(part.this, 'this') : undefined, enumerable: false });
      lockError();
    } else {
      lockFormatter(NativeError);
    }
    return added;
  };
  let completed = false;

  // What V8 runs later, outside any expression's time limit (a cleanup callback, a waitAsync
  // continuation), would be blamed on the next expression, or keep the evaluator busy forever.
  delete global.FinalizationRegistry;
  delete (Atomics as any).waitAsync;

  const firstAdded = load(spec);
  const setQuiet = (value: boolean) => {
    cut.setQuiet(value);
    rendering = value === true && redactionMark !== '';
  };
  const extend = (next: string): [number[], Array<[object, string]>] => {
    const added = load(parse(next));
    return [added, incomplete];
  };
  return [objects, firstAdded, incomplete, setQuiet, extend];

  /** Locks `Error` and its formatter, once the whole frame (with any captured `Error`) is loaded. */
  function lockError() {
    // Node formats stack traces with the realm's `globalThis.Error.prepareStackTrace`, handing it
    // call sites of host frames too (getThis, getFunction): expressions may neither set it nor
    // replace `Error`. Locked after the variables, so that a captured `Error` is locked as well.
    // A captured `Error` that cannot hold a locked own `prepareStackTrace` (a frozen marker, whose
    // prototype an expression could give one; a primitive, whose String.prototype it could) does
    // not become the global: it is handed to expressions as a parameter (frame-sandbox.ts).
    const captured = getOwnPropertyDescriptor(global, 'Error');
    if (captured && captured.value !== NativeError && !lockFormatter(captured.value)) {
      defineProperty(global, errorKey, { value: captured.value, enumerable: false });
      defineProperty(global, 'Error', { value: NativeError, enumerable: false, writable: true, configurable: true });
    }
    try {
      const { value: current, enumerable } = getOwnPropertyDescriptor(global, 'Error') ?? { value: NativeError, enumerable: false };
      defineProperty(global, 'Error', { value: current, enumerable, writable: false, configurable: false });
    } catch {
      // Already locked.
    }
    const ErrorBinding = global.Error;
    lockFormatter(ErrorBinding);
    if (NativeError !== ErrorBinding) {
      try {
        defineProperty(NativeError, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
      } catch {
        // Already locked.
      }
    }
  }

  /** Gives `target` an own, locked, empty `prepareStackTrace`; whether it now has one. */
  function lockFormatter(target: unknown): boolean {
    if (typeof target !== 'function' && (typeof target !== 'object' || target === null)) return false;
    try {
      defineProperty(target, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
    } catch {
      // Frozen, or a Proxy that refuses: checked below.
    }
    try {
      const own = getOwnPropertyDescriptor(target, 'prepareStackTrace');
      return own !== undefined && own.value === undefined && own.writable === false && own.configurable === false;
    } catch {
      return false;
    }
  }
}
