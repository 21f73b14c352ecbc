/**
 * Built-in functions captured when the hook loads, before user code runs, so that a program that
 * patches `Map.prototype.entries` or `Function.prototype.toString` cannot make the capture run its
 * code. Every read of a captured value goes through these or through property descriptors.
 */
// node:util/types, not node:util: on Node 24 importing node:util opens stderr, a handle the
// program would not otherwise have.
import * as types from 'node:util/types';

const getter = (proto: object, key: PropertyKey) =>
  Object.getOwnPropertyDescriptor(proto, key)!.get! as (this: unknown) => unknown;
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const mapIteratorProto = Object.getPrototypeOf(new Map().entries()) as { next(): IteratorResult<unknown> };
const setIteratorProto = Object.getPrototypeOf(new Set().values()) as { next(): IteratorResult<unknown> };

/**
 * Prototypes of the language's own kinds: a prototype chain is captured up to one of these, which
 * the loader knows without a dump (see `proto` in docs/FORMAT.md).
 */
const builtInPrototypes = new Set<object>([
  Object.prototype, Function.prototype, Array.prototype, Error.prototype, TypeError.prototype, RangeError.prototype,
  SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype, AggregateError.prototype,
  Map.prototype, Set.prototype, WeakMap.prototype, WeakSet.prototype, Promise.prototype, Date.prototype, RegExp.prototype,
  typedArrayProto, ArrayBuffer.prototype, DataView.prototype, String.prototype, Number.prototype, Boolean.prototype,
  Symbol.prototype, BigInt.prototype,
]);

export const intrinsics = {
  builtInPrototypes,
  setHas: Set.prototype.has as (this: Set<object>, value: object) => boolean,
  ownKeys: Reflect.ownKeys,
  entries: Object.entries,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  getPrototypeOf: Object.getPrototypeOf,
  isArray: Array.isArray,
  functionToString: Function.prototype.toString,
  symbolDescription: getter(Symbol.prototype, 'description'),
  mapEntries: Map.prototype.entries,
  mapSize: getter(Map.prototype, 'size'),
  mapIteratorNext: mapIteratorProto.next,
  setValues: Set.prototype.values,
  setSize: getter(Set.prototype, 'size'),
  setIteratorNext: setIteratorProto.next,
  dateGetTime: Date.prototype.getTime,
  regExpSource: getter(RegExp.prototype, 'source'),
  regExpFlagGetters: (['hasIndices', 'global', 'ignoreCase', 'multiline', 'dotAll', 'unicode', 'unicodeSets', 'sticky'] as const)
    .filter((flag) => Object.getOwnPropertyDescriptor(RegExp.prototype, flag))
    .map((flag) => [flag, getter(RegExp.prototype, flag)] as const),
  typedArrayLength: getter(typedArrayProto, 'length'),
  typedArrayByteLength: getter(typedArrayProto, 'byteLength'),
  typedArrayByteOffset: getter(typedArrayProto, 'byteOffset'),
  typedArrayBuffer: getter(typedArrayProto, 'buffer'),
  arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength'),
  sharedArrayBufferByteLength: getter(SharedArrayBuffer.prototype, 'byteLength'),
  dataViewBuffer: getter(DataView.prototype, 'buffer'),
  dataViewByteLength: getter(DataView.prototype, 'byteLength'),
  dataViewByteOffset: getter(DataView.prototype, 'byteOffset'),
  bufferPrototype: Buffer.prototype as object,
  bufferFrom: Buffer.from,
  bufferToString: Buffer.prototype.toString,
  errorPrototype: Error.prototype as object,
  /**
   * The stack formatter in place when the hook loaded: Node's own, not the program's. A test
   * runner's integration replaces it with the runner's own (see `acceptStackFormatter`).
   */
  prepareStackTrace: Error.prepareStackTrace as typeof Error.prepareStackTrace,
  /** V8's own `stack` accessor, where errors have one (Node 22 and later): one function for every error of this realm. */
  stackGetter: Object.getOwnPropertyDescriptor(new Error(), 'stack')?.get,
  valueOf: {
    Number: Number.prototype.valueOf,
    String: String.prototype.valueOf,
    Boolean: Boolean.prototype.valueOf,
    BigInt: BigInt.prototype.valueOf,
    Symbol: Symbol.prototype.valueOf,
  },
  types,
};

/**
 * Takes the formatter in place now for Node's own. A test runner (vitest, jest) installs one before
 * any test runs and formats every failure's stack with it anyway: running it at a test's throw
 * runs no code of the tests. Without this, a hook preloaded before the runner would pause only at
 * throws V8 predicts uncaught, and a caught assertion would lose its locals.
 */
export function acceptStackFormatter(): void {
  intrinsics.prepareStackTrace = Error.prepareStackTrace;
}
