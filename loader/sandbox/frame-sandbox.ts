import vm from 'node:vm';
import { bufferToString } from './buffer-to-string.js';
import { buildInContext } from './context-builder.js';
import { cutViews } from './cut-views.js';
import { incompleteNote } from './incomplete-note.js';
import { refusesImport } from './refuses-import.js';
import { safeErrorText } from './safe-error-text.js';
import { ignoreSandboxRejections, importRefusals } from './ignore-sandbox-rejections.js';
import { REDACTION_MARK } from './redaction-mark.js';
import { runGuarded } from './run-guarded.js';

/** Where the frame's `this` waits for the expression wrapper; not enumerable, so it stays out of sight. */
const THIS_KEY = '__wipeoutThis__';
/**
 * Where a captured variable named `Error` waits when it cannot be locked against a stack
 * formatter (a redacted or cut marker, a primitive): the global `Error` stays the context's own,
 * locked, and an expression sees the captured value as a parameter named `Error`.
 */
const ERROR_KEY = '__wipeoutError__';
const IMPORT_REFUSED = 'import() is not available: expressions run in a sandbox without modules';

/** Each sandbox's `setQuiet` (see cut-views.ts), taken when it was built. */
const quietSetters: Array<(value: boolean) => void> = [];

/**
 * Runs a rendering of results (util.inspect) with every sandbox's cut values answering only what
 * was captured, instead of failing as they do for expressions. Call it outside `runGuarded`, so a
 * rendering stopped by its time limit still ends quiet mode.
 */
export function renderQuietly<T>(render: () => T): T {
  for (const set of quietSetters) set(true);
  try {
    return render();
  } finally {
    for (const set of quietSetters) set(false);
  }
}

/** An evaluation context for one frame. */
export interface FrameSandbox {
  /** Runs an expression (or statements) with a time limit; errors come back as text. */
  run(expression: string, timeout: number): { ok: true; value: unknown } | { ok: false; error: string };
  /** The dump object a sandbox object was rebuilt from, if any. */
  refOf(value: object): number | undefined;
  /**
   * What a rendering of `value` must add when it shows an object a limit cut (a cut array inside
   * a new object, whose printed items would otherwise pass for all of them), else `undefined`.
   */
  incomplete(value: unknown, depth: number): string | undefined;
}

/**
 * A `node:vm` context holding the frame's captured variables (inner scopes shadow outer ones) and
 * `this`, rebuilt as real objects by code running inside the context from `spec` (see
 * sandbox-spec.ts). The context cannot compile strings (`eval`, `Function`), has no `process`,
 * `require` or file system, and `import()` is refused. It runs in the evaluator process only.
 */
export function createFrameSandbox(spec: string, frameIndex: number): FrameSandbox {
  ignoreSandboxRejections();
  const context = vm.createContext(Object.create(null), {
    name: `wipeout frame ${frameIndex}`,
    codeGeneration: { strings: false, wasm: false },
    // Promise jobs run inside the time limit too, so `Promise.resolve().then(loop)` is stopped.
    microtaskMode: 'afterEvaluate',
  });
  // Both functions are compiled inside the context, so what they create belongs to it.
  const build = vm.runInContext(`(${buildInContext.toString()})`, context) as typeof buildInContext;
  const decode = vm.runInContext(`(${bufferToString.toString()})`, context) as typeof bufferToString;
  const cut = vm.runInContext(`(${cutViews.toString()})`, context) as typeof cutViews;
  const [objects, incomplete, setQuiet] = build(spec, THIS_KEY, decode, cut, ERROR_KEY, REDACTION_MARK);
  quietSetters.push(setQuiet);
  // Copied out now, before any expression runs: later the context's own objects may have been changed.
  const notes = new WeakMap<object, string>();
  for (let index = 0; index < incomplete.length; index++) notes.set(incomplete[index]![0], incomplete[index]![1]);
  // `import()` is refused by the engine, whatever the text looks like: the callback throws an
  // error made in the context, so the rejection carries nothing of the evaluator's realm.
  const refusal = vm.runInContext('(message) => new Error(message)', context) as (message: string) => Error;
  const importModuleDynamically = (() => {
    const error = refusal(IMPORT_REFUSED);
    importRefusals.add(error);
    throw error;
  }) as unknown as vm.ScriptOptions['importModuleDynamically'];
  const shadowsError = Object.prototype.hasOwnProperty.call(context, ERROR_KEY);
  const self = shadowsError ? `${THIS_KEY}, ${ERROR_KEY}` : THIS_KEY;
  const parameters = shadowsError ? 'Error' : '';
  /** An expression first, so that `this` is the frame's; statements (`let x = 1; x`) run as a script. */
  const compile = (expression: string): vm.Script => {
    try {
      return new vm.Script(`(function (${parameters}) { return (${expression}\n); }).call(${self})`, { filename: 'expression', importModuleDynamically });
    } catch {
      return new vm.Script(expression, { filename: 'expression', importModuleDynamically });
    }
  };
  const refs = new WeakMap<object, number>();
  for (let ref = 0; ref < objects.length; ref++) {
    const object = objects[ref];
    if ((typeof object === 'object' && object !== null) || typeof object === 'function') refs.set(object, ref);
  }
  return {
    refOf: (value) => refs.get(value),
    incomplete: (value, depth) => incompleteNote(value, depth, notes),
    run(expression, timeout) {
      // Only for a friendlier message: the refusal itself is importModuleDynamically's.
      if (refusesImport(expression)) return { ok: false, error: IMPORT_REFUSED };
      let script: vm.Script;
      try {
        script = compile(expression);
      } catch (error) {
        // `this.#balance` is a syntax error outside its class: captured private members are
        // properties named `#balance`, so `.#balance` reads as `["#balance"]`.
        const rewritten = expression.replace(/\.#([A-Za-z_$][\w$]*)/g, '["#$1"]');
        try {
          if (rewritten === expression) throw error;
          script = compile(rewritten);
        } catch {
          return { ok: false, error: safeErrorText(error) };
        }
      }
      const stopped = { ok: false as const, error: `The expression was stopped after ${timeout} ms` };
      // displayErrors off: Node would read a thrown value's `stack` after the time limit, running a
      // thrown Proxy's traps unbounded. Guarded as a whole: after the script, Node decorates a thrown error's stack, and reading the
      // error's text can run the sandbox's code (a name's toString, a Proxy trap) outside the vm timeout.
      const outcome = runGuarded(() => {
        try {
          return { ok: true as const, value: script.runInContext(context, { timeout, breakOnSigint: false, displayErrors: false }) };
        } catch (error) {
          if ((error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return stopped;
          return { ok: false as const, error: safeErrorText(error) };
        }
      }, timeout + 500);
      return outcome.ok ? outcome.value : outcome.timedOut ? stopped : { ok: false, error: 'The expression failed in a way that cannot be shown' };
    },
  };
}
