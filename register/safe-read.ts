import { intrinsics as I } from './intrinsics.js';

/**
 * Reads of live objects that never run user code: property descriptors only, accessors never
 * called, proxies never reflected on (every Proxy check goes through `util/types`).
 */

const { types } = I;

/** Enough to show what a value was when a limit stops it from being captured. */
export function describeCheaply(target: object): { type: string; className?: string } {
  if (typeof target === 'function') return { type: 'function' };
  if (types.isProxy(target)) return { type: 'object', className: 'Proxy' };
  return { type: 'object', className: classNameOf(target) };
}

/** The constructor name, read through descriptors only. */
export function classNameOf(target: object): string {
  let proto: object | null;
  try {
    proto = types.isProxy(target) ? null : I.getPrototypeOf(target);
  } catch {
    return 'Object';
  }
  for (let hops = 0; proto !== null && hops < 20; hops++) {
    if (types.isProxy(proto)) return 'Object';
    const constructor = I.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    if (typeof constructor === 'function' && !types.isProxy(constructor)) {
      const name = I.getOwnPropertyDescriptor(constructor, 'name')?.value;
      if (typeof name === 'string' && name) return name;
    }
    proto = I.getPrototypeOf(proto);
  }
  return typeof target === 'function' ? 'Function' : 'Object';
}

export function inheritsFrom(target: object, ancestor: object): boolean {
  let proto: object | null = target;
  for (let hops = 0; proto !== null && hops < 50; hops++) {
    if (types.isProxy(proto)) return false;
    proto = I.getPrototypeOf(proto);
    if (proto === ancestor) return true;
  }
  return false;
}

/** An own data property's value; accessors and proxies are never called. */
export function ownData(target: object, key: PropertyKey): unknown {
  if (types.isProxy(target)) return undefined;
  const descriptor = I.getOwnPropertyDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** A data property's value, own or inherited; accessors and proxies stop the search. */
export function inheritedData(target: object, key: PropertyKey): unknown {
  let current: object | null = target;
  for (let hops = 0; current !== null && hops < 50 && !types.isProxy(current); hops++) {
    const descriptor = I.getOwnPropertyDescriptor(current, key);
    if (descriptor) return 'value' in descriptor ? descriptor.value : undefined;
    current = I.getPrototypeOf(current);
  }
  return undefined;
}

/**
 * An error's stack string, read without running the program's code. Reading `stack` may format
 * it: V8 formats a stack on its first read (on Node 20 even a read of its descriptor does),
 * through `Error.prepareStackTrace` and the error's `name` and `message`. So it is read only while
 * the formatter is the one Node installed and `name` and `message` are plain data, and only
 * through V8's own accessor, never one the program defined.
 */
export function readStack(target: object): unknown {
  if (types.isProxy(target) || Error.prepareStackTrace !== I.prepareStackTrace) return undefined;
  if (!isPlainData(target, 'name') || !isPlainData(target, 'message')) return undefined;
  return readFormattedStack(target);
}

/**
 * The stack string of an error whose stack the program has read already (a test runner that
 * reported it): V8 formatted it then, and reading it again returns that text without running
 * anything. Only V8's own data property or accessor is read, never one the program defined.
 */
export function readFormattedStack(target: object): unknown {
  if (types.isProxy(target)) return undefined;
  try {
    const descriptor = I.getOwnPropertyDescriptor(target, 'stack');
    if (!descriptor) return undefined;
    if ('value' in descriptor) return descriptor.value;
    return descriptor.get !== undefined && isV8StackGetter(descriptor.get) ? descriptor.get.call(target) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether reading `key` (own or inherited) would only read data: no getter, no Proxy on the way. */
function isPlainData(target: object, key: PropertyKey): boolean {
  let current: object | null = target;
  for (let hops = 0; current !== null && hops < 50; hops++) {
    if (types.isProxy(current)) return false;
    const descriptor = I.getOwnPropertyDescriptor(current, key);
    if (descriptor) return 'value' in descriptor;
    current = I.getPrototypeOf(current);
  }
  return true;
}

/**
 * Whether `getter` is V8's own `stack` accessor (Node 22 and later): this realm's, or another vm context's,
 * which is a different function of the same kind: native, nameless (a bound function's name starts
 * with "bound"), and no Proxy. A getter the program wrote is JavaScript, so it is never taken.
 */
function isV8StackGetter(getter: Function): boolean {
  if (getter === I.stackGetter) return true;
  if (types.isProxy(getter) || ownData(getter, 'name') !== '') return false;
  return I.functionToString.call(getter).endsWith('{ [native code] }');
}
