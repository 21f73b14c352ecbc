import { runGuarded } from './run-guarded.js';

let installed = false;

/**
 * Errors of the sandbox's `import()` refusal. Node runs the import callback from an async host
 * function, so its promise, which no expression can reach or handle, is the host's: its
 * rejection with one of these is the sandbox's, not a failure of ours.
 */
export const importRefusals = new WeakSet<object>();

/**
 * Expressions may leave rejected promises behind (`Promise.reject(1)`). Those promises come from a
 * sandbox realm, so they are not instances of the host's `Promise`: they are ignored, while a
 * rejection of our own code still ends the process as Node would.
 */
export function ignoreSandboxRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason, promise) => {
    // `instanceof` walks the prototype chain, where a sandbox may have put a Proxy whose trap never
    // ends: a check that does not finish is a sandbox's promise.
    if (typeof reason === 'object' && reason !== null && importRefusals.has(reason)) return;
    const checked = runGuarded(() => promise instanceof Promise, 200);
    if (checked.ok && checked.value) throw reason;
  });
}
