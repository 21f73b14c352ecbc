import { runGuarded } from './run-guarded.js';

let installed = false;

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
    const checked = runGuarded(() => promise instanceof Promise, 200);
    if (checked.ok && checked.value) throw reason;
  });
}
