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
  /** Parts of the frame's values loaded so far (sandbox-spec.ts). */
  readonly parts: number;
  /**
   * Loads a later part into the same context: more variables, and objects not sent before, whose
   * references to earlier ones are the same objects. Results and names of earlier expressions stay.
   */
  extend(spec: string): void;
}

/** Globals that are not bindings a parameter can take (immutable, or not a parameter name in strict code). */
const UNBINDABLE = new Set(['undefined', 'NaN', 'Infinity', 'eval', 'arguments']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

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
  // The functions are compiled inside the context, so what they create belongs to it; each sees
  // the context's globals as they are now, before any expression ran or any variable was defined
  // (a later part is loaded after both: a captured `JSON` or an expression's `Map = 1` must not
  // reach the builder). What stays reachable is the built-ins' prototypes: an expression that
  // replaces `Array.prototype.push` or plants a setter at `Array.prototype[0]` can disturb a later
  // part, as it disturbs its own session. The cut views and the Buffer stand-in's toString are
  // strict: they pass on or read the receiver they are given (a cut typed array's methods apply
  // Object.prototype.valueOf to it), and called without one, sloppy code would be given the
  // global object, with every variable on it, sent or not.
  const globals = (vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[])
    .filter((name) => typeof name === 'string' && IDENTIFIER.test(name) && !UNBINDABLE.has(name));
  const compileBound = (source: string, strict = false): unknown =>
    vm.runInContext(`${strict ? "'use strict'; " : ''}(({ ${globals.join(', ')} }) => (${source}))(globalThis)`, context);
  const build = compileBound(buildInContext.toString()) as typeof buildInContext;
  const decode = compileBound(bufferToString.toString(), true) as typeof bufferToString;
  const cut = compileBound(cutViews.toString(), true) as typeof cutViews;
  const [objects, firstAdded, firstIncomplete, setQuiet, extendInContext] = build(spec, THIS_KEY, decode, cut, ERROR_KEY, REDACTION_MARK);
  quietSetters.push(setQuiet);
  const notes = new WeakMap<object, string>();
  const refs = new WeakMap<object, number>();
  /** Copied out as each part loads, before an expression can change the context's own objects. */
  const remember = (added: number[], incomplete: Array<[object, string]>) => {
    for (let index = 0; index < incomplete.length; index++) notes.set(incomplete[index]![0], incomplete[index]![1]);
    for (let index = 0; index < added.length; index++) {
      const ref = added[index]!;
      const object = objects[ref];
      if ((typeof object === 'object' && object !== null) || typeof object === 'function') refs.set(object, ref);
    }
  };
  remember(firstAdded, firstIncomplete);
  let parts = 1;
  // `import()` is refused by the engine, whatever the text looks like: the callback throws an
  // error made in the context, so the rejection carries nothing of the evaluator's realm.
  const refusal = vm.runInContext('(message) => new Error(message)', context) as (message: string) => Error;
  const importModuleDynamically = (() => {
    const error = refusal(IMPORT_REFUSED);
    importRefusals.add(error);
    throw error;
  }) as unknown as vm.ScriptOptions['importModuleDynamically'];
  const own = (key: string) => Object.prototype.hasOwnProperty.call(context, key);
  /** An expression first, so that `this` is the frame's; statements (`let x = 1; x`) run as a script. */
  const compile = (expression: string): vm.Script => {
    // Both keys are defined once the whole frame is loaded; before, no expression can tell `this`
    // (expression-names.ts sends the whole frame for one that says `this`).
    const shadowsError = own(ERROR_KEY);
    const self = `${own(THIS_KEY) ? THIS_KEY : 'undefined'}${shadowsError ? `, ${ERROR_KEY}` : ''}`;
    const parameters = shadowsError ? 'Error' : '';
    try {
      return new vm.Script(`(function (${parameters}) { return (${expression}\n); }).call(${self})`, { filename: 'expression', importModuleDynamically });
    } catch {
      return new vm.Script(expression, { filename: 'expression', importModuleDynamically });
    }
  };
  return {
    refOf: (value) => refs.get(value),
    incomplete: (value, depth) => incompleteNote(value, depth, notes),
    get parts() {
      return parts;
    },
    extend(next) {
      const [added, incomplete] = extendInContext(next);
      remember(added, incomplete);
      parts++;
    },
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
