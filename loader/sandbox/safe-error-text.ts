import { types } from 'node:util';

/**
 * `Name: message` of a thrown value, read from data properties only: an error thrown by an
 * expression comes from the sandbox, and calling its `toString` or a getter would run its code.
 */
export function safeErrorText(error: unknown): string {
  if (typeof error === 'function') return 'Uncaught a function';
  if (types.isProxy(error)) return 'Uncaught a Proxy';
  if (typeof error !== 'object' || error === null) return `Uncaught ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
  const read = (key: string): unknown => {
    let target: object | null = error;
    // A Proxy on the prototype chain would run its traps: stop there.
    for (let depth = 0; target && depth < 16 && !types.isProxy(target); depth++) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (descriptor) return 'value' in descriptor ? descriptor.value : undefined;
      target = Reflect.getPrototypeOf(target);
    }
    return undefined;
  };
  const name = read('name');
  const message = read('message');
  const label = typeof name === 'string' && name ? name : 'Error';
  return typeof message === 'string' && message ? `${label}: ${message}` : label;
}
