import vm from 'node:vm';

/**
 * Host code that touches values from the sandbox can run the sandbox's code: `util.inspect` reads
 * `stack` (which calls a planted `Error.prepareStackTrace` or an error name's `toString`),
 * `Symbol.toStringTag` getters, Proxy traps on a prototype chain. The vm timeout only covers the
 * script itself, so such host work is run from a private context's script, whose watchdog stops
 * everything running on the thread, host code included. No user code ever runs in that context.
 */
const guard = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } }) as { call?: () => void };
const CALL = new vm.Script('call()', { filename: 'wipeout-guard' });

/** What `runGuarded` returns: the value, or what stopped it (`timedOut`, or the error thrown). */
export type Guarded<T> = { ok: true; value: T } | { ok: false; timedOut: boolean; error: unknown };

/** Runs `work` synchronously and stops it after `timeout` ms, even inside host functions. Nests. */
export function runGuarded<T>(work: () => T, timeout: number): Guarded<T> {
  let outcome: Guarded<T> | undefined;
  const previous = guard.call;
  guard.call = () => {
    try {
      outcome = { ok: true, value: work() };
    } catch (error) {
      outcome = { ok: false, timedOut: false, error };
    }
  };
  try {
    CALL.runInContext(guard as vm.Context, { timeout, breakOnSigint: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, timedOut: true, error };
    return { ok: false, timedOut: false, error };
  } finally {
    guard.call = previous;
  }
  return outcome ?? { ok: false, timedOut: false, error: new Error('the guarded work did not finish') };
}
