import type { FunctionFlavor, Limits, ObjectNode, Property, RedactionReason, Truncation, Value } from '../dump/types.js';
import { reasonText } from '../dump/redaction-text.js';
import { intrinsics as I } from './intrinsics.js';
import type { Redactor } from './redact.js';
import type { BuiltInCandidate } from './built-in-state.js';
import { PrototypeChains } from './prototype-chain.js';
import { classNameOf, describeCheaply, inheritedData, inheritsFrom, ownData, readStack } from './safe-read.js';
import { nowMs } from './clock.js';

const { types } = I;

/** Objects whose details only the inspector can read (promise state, proxy target, function location). */
export interface InspectorWork {
  id: number;
  target: object;
  /** `private`: an instance of a class that declares `#private` members, read for them. */
  kind: 'function' | 'promise' | 'proxy' | 'private';
}

interface Pending {
  target: object;
  id: number;
  depth: number;
  /** Set when the object lies under a secret-looking name: its strings are withheld. */
  secret?: RedactionReason;
}

const isIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
/** Past this length, arrays are read by position instead of listing all their keys. */
const LIST_KEYS_UP_TO = 20_000;
/** Function properties that every function has and nobody wants to read. */
const BORING_FUNCTION_KEYS = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

/**
 * Writes live JavaScript values into the dump's value graph, breadth first, so that when a limit
 * is reached what gets cut is what lies farthest from the frames. Only property descriptors and
 * built-ins captured at load time are used: no getter, Proxy trap, `toJSON` or other user code runs.
 */
export class ValueGraph {
  readonly objects: ObjectNode[] = [];
  readonly inspectorWork: InspectorWork[] = [];
  /**
   * Methods and accessors of captured prototypes, with the class they belong to: read only once
   * the class is known not to be Node's own (see serialize-snapshot.ts), since a request, a stream
   * or a Headers object brings hundreds of Node's methods along.
   */
  readonly memberWork: Array<InspectorWork & { owner: object }> = [];
  #chains = new PrototypeChains();
  /** Instances of Node built-ins whose state only their own accessors read (built-in-state.ts). */
  readonly builtIns: BuiltInCandidate[] = [];
  readonly problems: string[] = [];
  #ids = new Map<object, number>();
  #queue: Pending[] = [];
  #head = 0;
  #bytes = 0;
  #limitHit: Truncation['limit'] | null = null;
  /** The reason strings written now are withheld, while under a secret-looking name. */
  #secret: RedactionReason | undefined;
  /** The name that set `#secret`, while writing its own value (not yet inside an object). */
  #secretName: string | undefined;

  constructor(
    readonly limits: Limits,
    readonly redactor: Redactor,
    readonly deadline: number,
  ) {}

  /** Writes a value found `depth` steps from a frame; objects are queued for `drain()`. */
  value(value: unknown, depth: number): Value {
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        this.#bytes += 8;
        if (Number.isNaN(value)) return { t: 'number', v: 'NaN' };
        if (value === Infinity) return { t: 'number', v: 'Infinity' };
        if (value === -Infinity) return { t: 'number', v: '-Infinity' };
        if (Object.is(value, -0)) return { t: 'number', v: '-0' };
        return value;
      case 'boolean':
        return value;
      case 'undefined':
        return { t: 'undefined' };
      case 'bigint':
        return { t: 'bigint', v: value.toString() };
      case 'symbol':
        return { t: 'symbol', description: I.symbolDescription.call(value) as string | undefined };
      default:
        return value === null ? null : this.#reference(value as object, depth);
    }
  }

  /** A property or variable: secret-looking names have their values withheld. */
  property(name: string, descriptor: PropertyDescriptor, depth: number, symbol = false): Property {
    const property: Property = { name };
    if (symbol) property.symbol = true;
    this.#bytes += name.length + 12;
    if ('value' in descriptor) {
      property.value = this.#valueUnder(name, descriptor.value, depth);
    } else {
      // An accessor: record its functions, never call them.
      if (descriptor.get) property.get = this.value(descriptor.get, depth);
      if (descriptor.set) property.set = this.value(descriptor.set, depth);
    }
    if (descriptor.enumerable === false) property.enumerable = false;
    return property;
  }

  /** A value under a name: a secret-looking name withholds the strings in it, not its shape. */
  #valueUnder(name: string, value: unknown, depth: number, nameIsData?: 'mapKey' | 'listItem'): Value {
    const why = this.redactor.enabled ? this.redactor.nameReason(name, nameIsData === 'listItem') : undefined;
    if (!why) return this.value(value, depth);
    const [outer, outerName] = [this.#secret, this.#secretName];
    // A Map key or list item is data, maybe a secret itself (a session id): never copied into `under`.
    [this.#secret, this.#secretName] = [why, nameIsData ? undefined : name.length > 100 ? `${name.slice(0, 100)}…` : name];
    try {
      return this.value(value, depth);
    } finally {
      [this.#secret, this.#secretName] = [outer, outerName];
    }
  }

  /** Writes every queued object, until the queue is empty. */
  drain(): void {
    while (this.#head < this.#queue.length) {
      const pending = this.#queue[this.#head++]!;
      [this.#secret, this.#secretName] = [pending.secret, undefined];
      try {
        this.objects[pending.id] = withTruncation(this.#node(pending.target, pending.depth));
      } catch (error) {
        this.objects[pending.id] = { kind: 'opaque', className: 'Object', props: [], description: 'unreadable' };
        this.problems.push(`a value could not be read: ${(error as Error)?.message ?? String(error)}`);
      }
      if (this.#head % 64 === 0) this.#checkBudget();
    }
    this.#secret = undefined;
    this.#queue = [];
    this.#head = 0;
  }

  #checkBudget(): void {
    if (this.#limitHit) return;
    if (this.#bytes > this.limits.totalBytes) this.#limitHit = 'totalBytes';
    else if (nowMs() > this.deadline) this.#limitHit = 'captureTime';
    if (this.#limitHit) this.problems.push(`capture stopped early: the ${this.#limitHit} limit was reached`);
  }

  #string(value: string): Value {
    // An empty string hides nothing, and "the password is empty" is often the bug.
    const why = value === '' ? undefined : this.#secret ? this.#secretFor() : this.redactor.shapeReason(value);
    if (why) {
      this.#bytes += 64;
      return { t: 'redacted', type: 'string', length: value.length, why };
    }
    const text = this.redactor.enabled ? this.redactor.scrub(value) : value;
    const max = this.limits.stringLength;
    this.#bytes += Math.min(text.length, max) + 2;
    return text.length > max ? { t: 'string', v: text.slice(0, max), length: text.length } : text;
  }

  #reference(target: object, depth: number): Value {
    const known = this.#ids.get(target);
    if (known !== undefined) return { t: 'ref', ref: known };
    const cut = depth >= this.limits.depth ? 'depth' : this.#limitHit;
    if (cut) return { t: 'cut', why: { limit: cut }, ...describeCheaply(target) };
    const id = this.objects.length;
    this.objects.push(undefined as unknown as ObjectNode);
    this.#ids.set(target, id);
    this.#queue.push({ target, id, depth: depth + 1, ...(this.#secret ? { secret: this.#secretFor(true) } : {}) });
    this.#bytes += 32;
    return { t: 'ref', ref: id };
  }

  /** The reason for a string written now, or (`inside`) for one in an object being queued now. */
  #secretFor(inside = false): RedactionReason {
    const why = this.#secret!;
    return this.#secretName !== undefined && inside ? { ...why, under: this.#secretName } : why;
  }

  #node(target: object, depth: number): ObjectNode {
    if (types.isProxy(target)) {
      this.inspectorWork.push({ id: this.#ids.get(target)!, target, kind: 'proxy' });
      return { kind: 'proxy', className: 'Proxy', props: [] };
    }
    const className = classNameOf(target);
    if (typeof target === 'function') return this.#function(target, className, depth);
    if (I.isArray(target)) return this.#array(target as unknown[], className, depth);
    if (types.isNativeError(target) || inheritsFrom(target, I.errorPrototype)) return this.#withProto(target, this.#error(target, className, depth), depth);
    if (types.isMap(target)) return this.#map(target as Map<unknown, unknown>, className, depth);
    if (types.isSet(target)) return this.#set(target as Set<unknown>, className, depth);
    if (types.isDate(target)) {
      const time = I.dateGetTime.call(target);
      return { kind: 'date', className, time: Number.isNaN(time) ? null : time, props: this.#props(target, depth) };
    }
    if (types.isRegExp(target)) {
      const flags = I.regExpFlagGetters.map(([flag, get]) => (get.call(target) ? flagLetter(flag) : '')).join('');
      const lastIndex = ownData(target, 'lastIndex');
      return {
        kind: 'regexp',
        className,
        source: I.regExpSource.call(target) as string,
        flags,
        ...(typeof lastIndex === 'number' && lastIndex !== 0 ? { lastIndex } : {}),
        props: this.#props(target, depth, new Set(['lastIndex'])),
      };
    }
    if (types.isTypedArray(target) || types.isArrayBuffer(target) || types.isSharedArrayBuffer(target) || types.isDataView(target)) {
      return this.#bytesNode(target, className, depth);
    }
    if (types.isPromise(target)) {
      this.inspectorWork.push({ id: this.#ids.get(target)!, target, kind: 'promise' });
      // Until the inspector reads it (it may not: see serialize-snapshot.ts), the state is unknown.
      return { kind: 'promise', className, state: 'unknown', props: this.#props(target, depth) };
    }
    if (types.isWeakMap(target) || types.isWeakSet(target) || className === 'WeakRef' || className === 'FinalizationRegistry') {
      return { kind: 'opaque', className, description: `${className} (contents are not captured)`, props: [] };
    }
    if (types.isBoxedPrimitive(target)) {
      return { kind: 'boxed', className, primitive: this.value(unbox(target), depth), props: this.#props(target, depth) };
    }
    if (types.isModuleNamespaceObject(target)) {
      return { kind: 'object', className: 'Module', props: this.#props(target, depth) };
    }
    if (types.isGeneratorObject(target) || types.isMapIterator(target) || types.isSetIterator(target)) {
      return { kind: 'opaque', className, description: `${className} (its state is not captured)`, props: [] };
    }
    const node: ObjectNode = { kind: 'object', className, props: this.#props(target, depth) };
    if (I.getPrototypeOf(target) === null) node.proto = null;
    if (this.#chains.hasPrivateMembers(target)) this.inspectorWork.push({ id: this.#ids.get(target)!, target, kind: 'private' });
    return this.#withProto(target, node, depth);
  }

  /**
   * The prototype of an object or error, unless it is one of the language's own: class methods,
   * accessors (`get total()`, `req.headers`) and `constructor` live there, so the loader can give
   * them stubs and make `instanceof` and `constructor` hold. Captured at the object's own depth: a
   * chain is short and shared by every instance.
   */
  #withProto(target: object, node: ObjectNode, depth: number): ObjectNode {
    const proto = I.getPrototypeOf(target) as object | null;
    if (proto === null || I.setHas.call(I.builtInPrototypes, proto)) return node;
    const builtIn = this.#chains.builtInOf(proto);
    if (builtIn) {
      this.builtIns.push({ id: this.#ids.get(target)!, target, ...builtIn });
      // The class must be captured for its location to say it is Node's.
      this.value(builtIn.owner, 1);
    }
    const known = this.#ids.has(proto);
    const value = this.#reference(proto, Math.max(0, depth - 1)) as Exclude<Value, string | number | boolean | null>;
    if (value.t !== 'ref') return node;
    node.proto = value;
    if (!known) this.#chains.noteMembers(proto);
    return node;
  }

  /** The id a captured object was written under, if it was. */
  idOf(target: object): number | undefined {
    return this.#ids.get(target);
  }

  /** Own properties, in definition order, up to the properties limit. */
  #props(target: object, depth: number, skip?: Set<string>, keys?: PropertyKey[]): Property[] {
    const all = keys ?? I.ownKeys(target);
    const props: Property[] = [];
    let omitted = 0;
    for (const key of all) {
      const name = typeof key === 'symbol' ? `Symbol(${I.symbolDescription.call(key) ?? ''})` : String(key);
      if (skip?.has(name)) continue;
      if (props.length >= this.limits.properties) {
        omitted++;
        continue;
      }
      let descriptor: PropertyDescriptor | undefined;
      try {
        descriptor = I.getOwnPropertyDescriptor(target, key);
      } catch {
        // A module namespace binding still in its temporal dead zone.
        props.push({ name, value: { t: 'uninitialized' } });
        continue;
      }
      if (descriptor) props.push(this.property(name, descriptor, depth, typeof key === 'symbol'));
    }
    // Carried to withTruncation() on the list itself: every kind of node has a props list.
    if (omitted > 0) (props as PropertyList).omitted = omitted;
    return props;
  }

  #function(target: Function, className: string, depth: number): ObjectNode {
    const name = ownData(target, 'name');
    let sourceText = '';
    try {
      sourceText = I.functionToString.call(target);
    } catch {
      sourceText = '';
    }
    const max = this.limits.stringLength;
    const flavor = functionFlavor(target, sourceText);
    // A class keeps its `prototype`: its methods are there, and `instanceof` reads it.
    const keys = I.ownKeys(target).filter((key) => typeof key !== 'string' || !BORING_FUNCTION_KEYS.has(key) || (key === 'prototype' && flavor === 'class'));
    const node: ObjectNode = {
      kind: 'function',
      className,
      name: typeof name === 'string' ? name : '',
      flavor,
      sourceText: sourceText.length > max ? sourceText.slice(0, max) : sourceText,
      ...(sourceText.length > max ? { sourceTruncated: { limit: 'stringLength' as const, omitted: sourceText.length - max } } : {}),
      props: this.#props(target, depth, undefined, keys),
    };
    this.#bytes += Math.min(sourceText.length, max);
    if (!sourceText.includes('[native code]')) {
      const owner = this.#chains.ownerOf(target);
      if (owner) this.memberWork.push({ id: this.#ids.get(target)!, target, kind: 'function', owner });
      else this.inspectorWork.push({ id: this.#ids.get(target)!, target, kind: 'function' });
    }
    return node;
  }

  #array(target: unknown[], className: string, depth: number): ObjectNode {
    const length = ownData(target, 'length') as number;
    const max = this.limits.items;
    const items: Array<[number, Value]> = [];
    const extra: PropertyKey[] = [];
    let indexed = 0;
    if (length <= LIST_KEYS_UP_TO) {
      for (const key of I.ownKeys(target)) {
        if (typeof key === 'string' && isIndex(key)) {
          indexed++;
          if (items.length < max) this.#item(target, Number(key), depth, items, extra);
        } else if (key !== 'length') extra.push(key);
      }
    } else {
      // Listing a huge array's keys would cost more than the capture: read the first items by position.
      for (let index = 0; index < max; index++) this.#item(target, index, depth, items, extra);
      indexed = length;
    }
    const node: ObjectNode = { kind: 'array', className, length, items, props: this.#props(target, depth, undefined, extra) };
    const omitted = indexed - items.length;
    if (omitted > 0) node.itemsTruncated = { limit: 'items', omitted };
    return node;
  }

  #item(target: unknown[], index: number, depth: number, items: Array<[number, Value]>, extra: PropertyKey[]): void {
    const descriptor = I.getOwnPropertyDescriptor(target, index);
    if (!descriptor) return;
    if (!('value' in descriptor)) {
      extra.push(String(index));
      return;
    }
    // Name/value lists such as `req.rawHeaders` ('authorization', 'Bearer …'): a value after a
    // secret-looking name is withheld like a property under that name.
    const before = index > 0 ? I.getOwnPropertyDescriptor(target, index - 1)?.value : undefined;
    const named = typeof before === 'string' && /^[\w.-]{1,64}$/.test(before);
    items.push([index, named ? this.#valueUnder(before, descriptor.value, depth, 'listItem') : this.value(descriptor.value, depth)]);
  }

  #error(target: object, className: string, depth: number): ObjectNode {
    const name = inheritedData(target, 'name');
    const message = ownData(target, 'message');
    const node: ObjectNode = {
      kind: 'error',
      className,
      name: typeof name === 'string' ? name : className,
      message: typeof message === 'string' ? this.redactor.scrub(message) : '',
      props: this.#props(target, depth, new Set(['stack', 'message', 'cause', 'errors'])),
    };
    const stack = readStack(target);
    if (typeof stack === 'string') node.stack = this.redactor.scrub(stack);
    const cause = I.getOwnPropertyDescriptor(target, 'cause');
    if (cause && 'value' in cause) node.cause = this.value(cause.value, depth);
    const errors = I.getOwnPropertyDescriptor(target, 'errors');
    if (errors && 'value' in errors) node.errors = this.value(errors.value, depth);
    return node;
  }

  #map(target: Map<unknown, unknown>, className: string, depth: number): ObjectNode {
    const size = I.mapSize.call(target) as number;
    const entries: Array<[Value, Value]> = [];
    const iterator = I.mapEntries.call(target);
    for (let step = I.mapIteratorNext.call(iterator); !step.done && entries.length < this.limits.items; step = I.mapIteratorNext.call(iterator)) {
      // Index reads, not destructuring: destructuring would call Array.prototype[Symbol.iterator].
      const entry = step.value as [unknown, unknown];
      const key = entry[0];
      const value = entry[1];
      entries.push([this.value(key, depth), typeof key === 'string' ? this.#valueUnder(key, value, depth, 'mapKey') : this.value(value, depth)]);
    }
    const node: ObjectNode = { kind: 'map', className, size, entries, props: this.#props(target, depth) };
    if (size > entries.length) node.entriesTruncated = { limit: 'items', omitted: size - entries.length };
    return node;
  }

  #set(target: Set<unknown>, className: string, depth: number): ObjectNode {
    const size = I.setSize.call(target) as number;
    const values: Value[] = [];
    const iterator = I.setValues.call(target);
    for (let step = I.setIteratorNext.call(iterator); !step.done && values.length < this.limits.items; step = I.setIteratorNext.call(iterator)) {
      values.push(this.value(step.value, depth));
    }
    const node: ObjectNode = { kind: 'set', className, size, values, props: this.#props(target, depth) };
    if (size > values.length) node.valuesTruncated = { limit: 'items', omitted: size - values.length };
    return node;
  }

  #bytesNode(target: object, className: string, depth: number): ObjectNode {
    const maxBytes = this.limits.stringLength;
    const withheld = this.#withheldBytes(target, className);
    if (withheld) return withheld;
    if (types.isTypedArray(target)) {
      const length = I.typedArrayLength.call(target) as number;
      const byteLength = I.typedArrayByteLength.call(target) as number;
      const isBuffer = inheritsFrom(target, I.bufferPrototype);
      const node: ObjectNode = { kind: 'bytes', className, length, byteLength, props: isBuffer ? [] : this.#props(target, depth, undefined, []) };
      if (isBuffer || types.isUint8Array(target)) {
        const count = Math.min(byteLength, maxBytes);
        const view = target as Uint8Array;
        node.base64 = I.bufferFrom(I.typedArrayBuffer.call(view) as ArrayBuffer, I.typedArrayByteOffset.call(view) as number, count).toString('base64');
        this.#bytes += count * 1.4;
        if (count < byteLength) node.itemsTruncated = { limit: 'stringLength', omitted: byteLength - count };
      } else {
        const count = Math.min(length, this.limits.items);
        const elements: Array<number | string> = [];
        const array = target as unknown as ArrayLike<number | bigint>;
        for (let index = 0; index < count; index++) {
          const element = array[index]!;
          elements.push(typeof element === 'bigint' ? element.toString() : element);
        }
        node.elements = elements;
        this.#bytes += count * 8;
        if (count < length) node.itemsTruncated = { limit: 'items', omitted: length - count };
      }
      return node;
    }
    let buffer: ArrayBufferLike;
    let offset = 0;
    let byteLength: number;
    if (types.isDataView(target)) {
      buffer = I.dataViewBuffer.call(target) as ArrayBufferLike;
      offset = I.dataViewByteOffset.call(target) as number;
      byteLength = I.dataViewByteLength.call(target) as number;
    } else {
      buffer = target as ArrayBufferLike;
      byteLength = (types.isSharedArrayBuffer(target) ? I.sharedArrayBufferByteLength : I.arrayBufferByteLength).call(target) as number;
    }
    const count = Math.min(byteLength, maxBytes);
    const node: ObjectNode = {
      kind: 'bytes',
      className,
      length: byteLength,
      byteLength,
      base64: I.bufferFrom(buffer, offset, count).toString('base64'),
      props: [],
    };
    this.#bytes += count * 1.4;
    if (count < byteLength) node.itemsTruncated = { limit: 'stringLength', omitted: byteLength - count };
    return node;
  }

  /**
   * Bytes under a secret-looking name (`const key = readFileSync('server.key')`), or a Buffer that
   * holds a PEM private key, are withheld whole: an opaque node that says how many bytes and why.
   */
  #withheldBytes(target: object, className: string): ObjectNode | undefined {
    if (!this.redactor.enabled) return undefined;
    let why: RedactionReason | undefined = this.#secret ? { ...this.#secretFor() } : undefined;
    const typed = types.isTypedArray(target);
    const byteLength = (typed ? I.typedArrayByteLength : types.isDataView(target) ? I.dataViewByteLength : types.isSharedArrayBuffer(target) ? I.sharedArrayBufferByteLength : I.arrayBufferByteLength).call(target) as number;
    if (!why && typed && types.isUint8Array(target) && byteLength >= 20) {
      const view = target as Uint8Array;
      const head = I.bufferFrom(I.typedArrayBuffer.call(view) as ArrayBuffer, I.typedArrayByteOffset.call(view) as number, Math.min(byteLength, PEM_PROBE_BYTES));
      const text = I.bufferToString.call(head, 'latin1') as string;
      why = text.includes('PRIVATE KEY') ? this.redactor.shapeReason(text) : undefined;
    }
    if (!why) return undefined;
    delete why.under;
    return { kind: 'opaque', className, description: `${byteLength} bytes, redacted: ${reasonText(why)}`, props: [] };
  }
}

type PropertyList = Property[] & { omitted?: number };

/** Where a private key read without an encoding (`readFileSync('server.key')`) is found: its first bytes. */
const PEM_PROBE_BYTES = 64 * 1024;

/** Turns the count of properties left out of a node's list into its explicit marker. */
function withTruncation(node: ObjectNode): ObjectNode {
  const props = node.props as PropertyList;
  if (props.omitted) {
    node.truncated = { limit: 'properties', omitted: props.omitted };
    delete props.omitted;
  }
  return node;
}

function functionFlavor(target: Function, sourceText: string): FunctionFlavor {
  if (sourceText.includes('[native code]')) {
    // A name that is not a string (a program can define any value) is never converted: that would call it.
    const name = ownData(target, 'name');
    return typeof name === 'string' && name.startsWith('bound ') ? 'bound' : 'native';
  }
  if (sourceText.startsWith('class')) return 'class';
  if (types.isAsyncFunction(target)) return types.isGeneratorFunction(target) ? 'asyncGenerator' : 'async';
  if (types.isGeneratorFunction(target)) return 'generator';
  if (!I.getOwnPropertyDescriptor(target, 'prototype') && !/^function\b/.test(sourceText)) {
    // Methods (`get x() {…}`, `run() {…}`) have no prototype either; arrows have `=>` before their body.
    return /^(?:(?:get|set|static|async)\s+)*[\w$]+\s*\(/.test(sourceText) && !/^[\w$]+\s*=>/.test(sourceText) ? 'method' : 'arrow';
  }
  return 'function';
}

function flagLetter(flag: string): string {
  return ({ hasIndices: 'd', global: 'g', ignoreCase: 'i', multiline: 'm', dotAll: 's', unicode: 'u', unicodeSets: 'v', sticky: 'y' } as Record<string, string>)[flag] ?? '';
}

/** Taken when the hook loads, before a program could patch `Object.entries`. */
const UNBOXERS = I.entries(I.valueOf);

function unbox(target: object): unknown {
  for (const [kind, valueOf] of UNBOXERS) {
    if ((types as unknown as Record<string, (v: unknown) => boolean>)[`is${kind}Object`]?.(target)) {
      return (valueOf as (this: unknown) => unknown).call(target);
    }
  }
  return undefined;
}
