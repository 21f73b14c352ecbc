// Known node:vm escapes, tried through the model (as both debuggers evaluate), the terminal
// debugger driven over stdin, and DAP evaluate. None may reach the host's `process`; runaway
// code, wherever it hides (getters, traps, stack formatters), is stopped and the session goes on.
import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { runCli } from '../helpers/cli-run.js';
import { withStoppedSession, within } from '../helpers/dap-server.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** Each probe tries to return the host's process; a result that has `pid`/`versions` is an escape. */
const ESCAPES = {
  'constructor chain of this': 'this.constructor.constructor("return process")()',
  'constructor chain of a captured object': 'order.items.constructor.constructor("return process")()',
  'async function constructor': '(async function () {}).constructor("return process")()',
  'generator function constructor': '(function* () {}).constructor("return process")().next().value',
  'async generator function constructor': '(async function* () {}).constructor("return process")',
  'a thrown TypeError\'s constructor': '(() => { try { null.x } catch (e) { return e.constructor.constructor("return process")() } })()',
  'a host error from a stack overflow': '(() => { try { const f = () => f(); f() } catch (e) { return e.constructor.constructor("return process")() } })()',
  'Error.prepareStackTrace call sites': '(() => { Error.prepareStackTrace = (e, s) => s.map((c) => c.getThis() ?? c.getFunction()); const s = new Error().stack; Error.prepareStackTrace = undefined; return s.find((x) => x && x.process)?.process })()',
  'prepareStackTrace through a replaced Error': '(() => { globalThis.Error = { prepareStackTrace: (e, s) => s.map((c) => c.getFunction()) }; return new RangeError().stack })()',
  'Error.captureStackTrace with a formatter': '(() => { const o = {}; Error.prepareStackTrace = (e, s) => s; Error.captureStackTrace(o); return o.stack?.map?.((c) => c.getFunction()) })()',
  'arguments.callee.caller': '(function () { return arguments.callee.caller?.caller?.constructor("return process")() })()',
  'Function.prototype.caller': '(function f() { return f.caller?.constructor("return process")() })()',
  'Symbol.species on a captured array': '(() => { class E extends Array { static get [Symbol.species]() { return function () { return globalThis.process } } } return E.from(order.items).map((x) => x) })()',
  'a Proxy over a captured object': 'new Proxy(order, { get: (t, k) => (k === "constructor" ? t.constructor.constructor("return process")() : t[k]) }).constructor',
  'a getter on a rebuilt object': 'cart.total',
  '__proto__ of a result': '({}).__proto__.constructor.constructor("return process")()',
  'the global object\'s prototype': 'Object.getPrototypeOf(globalThis).constructor.constructor("return process")()',
  'import()': 'import("node:process")',
  'import.meta': 'import.meta',
  'eval': 'eval("process")',
  'indirect eval': '(0, eval)("process")',
  'new Function': 'new Function("return process")()',
  'globalThis.process': 'globalThis.process',
  'require': 'require("node:child_process")',
  'module and __dirname': '[typeof module, typeof __dirname, typeof Buffer, typeof setTimeout].join()',
};

/**
 * Probes that leave a rejected sandbox promise behind: the debuggers ignore those, but ava counts
 * them against the test process, so they are tried in the terminal debugger and DAP server only.
 */
const REJECTING = {
  'WebAssembly compile': 'WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))',
  'a rejected promise with a looping prototype': '(() => { const p = Promise.reject(1); Object.setPrototypeOf(p, new Proxy({}, { getPrototypeOf() { for (;;); } })); return 1 })()',
};

const model = modelFromDump(sampleDump());

test('captured objects are the context\'s own, without any code generation to test it', (t) => {
  // Constructor chains end at the context's Function and Array, never the evaluator's.
  const result = model.evaluate('order.constructor.constructor === Function && Object.getPrototypeOf(order.items) === Array.prototype && typeof globalThis.process', 1);
  t.is(result.primitive, 'undefined');
  t.is(model.evaluate('order.constructor.constructor === Function && Object.getPrototypeOf(order.items) === Array.prototype', 1).primitive, true);
});

for (const [name, expression] of Object.entries(ESCAPES)) {
  test(`the sandbox holds against ${name}`, (t) => {
    const result = model.evaluate(expression, 1);
    if (result.ok) {
      t.notRegex(result.value.text, /\bpid\b|versions|execPath|ChildProcess/);
    } else {
      t.is(typeof result.error, 'string');
    }
    t.is(model.evaluate('typeof process', 1).primitive, 'undefined');
  });
}

/**
 * Code that never ends, hidden where host code would run it after the expression's time limit:
 * each must come back (an error, or a value shown without running it).
 */
const STOPPED = /^The expression was stopped after 1000 ms$/;
const RUNAWAYS = {
  'an endless loop': ['while (true) {}', STOPPED],
  'a catastrophic regexp': ['/^(a+)+b$/.test("a".repeat(40))', STOPPED],
  'an endless promise job': ['Promise.resolve().then(() => { for (;;); }), 1', STOPPED],
  'Atomics.wait': ['Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)', STOPPED],
  // Error.prepareStackTrace is locked: the formatter is never installed, so the stack is plain.
  'a stack formatter that loops': ['Error.prepareStackTrace = () => { for (;;); }; new Error("x")', { text: /^Error: x\n {4}at expression:/ }],
  'an error whose name loops when printed': ['(() => { const e = new Error("x"); e.name = { toString() { for (;;); } }; return e })()', { text: '[object]' }],
  'a thrown error whose name loops': ['(() => { const e = new Error("x"); e.name = { toString() { for (;;); } }; throw e })()', /^Error: x$/],
  'a thrown Proxy whose traps loop': ['(() => { throw new Proxy({}, { get() { for (;;); }, getOwnPropertyDescriptor() { for (;;); }, getPrototypeOf() { for (;;); } }) })()', /^(Uncaught a Proxy|The expression was stopped after 1000 ms)$/],
  'a Symbol.toStringTag getter that loops': ['(() => { const o = {}; Object.defineProperty(o, Symbol.toStringTag, { get() { for (;;); } }); return o })()', { text: '[object]' }],
  'a prototype that is a looping Proxy': ['(() => { const o = {}; Object.setPrototypeOf(o, new Proxy({}, { get() { for (;;); }, getOwnPropertyDescriptor() { for (;;); }, has() { for (;;); } })); return o })()', { text: '[object]' }],
  'a Proxy result with looping traps': ['new Proxy([], { get() { for (;;); }, ownKeys() { for (;;); }, getPrototypeOf() { for (;;); } })', { text: /^Proxy \[ \[\], \{ get: \[Function: get\]/ }],
  'a huge array length': ['new Array(2 ** 32 - 1)', { text: '[ <4294967295 empty items> ]' }],
  'a huge string': ['"x".repeat(2 ** 30)', /^RangeError: Invalid string length$/],
  // Node 20's V8 refuses the length itself; from Node 22 the length is allowed and the allocation fails.
  'a huge typed array': ['new Uint8Array(2 ** 40)', NODE_MAJOR === 20 ? /^RangeError: Invalid typed array length: 1099511627776$/ : /^RangeError: Array buffer allocation failed$/],
};

for (const [name, [expression, expected]] of Object.entries(RUNAWAYS)) {
  test(`the model comes back from ${name} and still evaluates`, (t) => {
    const fresh = modelFromDump(sampleDump());
    t.teardown(() => fresh.close());
    const result = fresh.evaluate(expression, 1);
    if (expected instanceof RegExp) {
      t.false(result.ok);
      t.regex(result.error, expected);
    } else {
      t.true(result.ok, result.error);
      if (typeof expected.text === 'string') t.is(result.value.text, expected.text);
      else t.regex(result.value.text, expected.text);
      // Listing a result's children and completing on it must come back too.
      t.true(Array.isArray(fresh.children(result.value.handle)));
      t.true(Array.isArray(fresh.completions(1, expression)));
    }
    t.is(fresh.evaluate('order.id + 1', 1).primitive, 43);
  });
}

test('what an expression changes stays in its sandbox: no prototype of the loader is touched', (t) => {
  const fresh = modelFromDump(sampleDump());
  t.teardown(() => fresh.close());
  fresh.evaluate('Object.prototype.polluted = 1; Array.prototype.polluted = 1; Function.prototype.polluted = 1; order.__proto__.__proto__.polluted2 = 1', 1);
  t.is(fresh.evaluate('({}).polluted', 1).primitive, 1, 'the sandbox sees its own change');
  t.is({}.polluted, undefined);
  t.is([].polluted, undefined);
  t.is((() => {}).polluted, undefined);
  t.is({}.polluted2, undefined);
});

const dumpPath = writeDump(sampleDump());

test('the terminal debugger survives every escape and runaway, and its prompt still answers', async (t) => {
  const lines = [...Object.values(ESCAPES), ...Object.values(REJECTING), ...Object.values(RUNAWAYS).map(([e]) => e)].map((e) => `p ${e}`);
  // The terminal debugger starts at frame 0, Order.total, whose this is the order.
  const input = `${lines.join('\n')}\np typeof process\np this.id * 3\nquit\n`;
  const result = await runCli(['load', dumpPath, '--debugger', 'repl'], { input });
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /\(wipeout\) 'undefined'\n\(wipeout\) 126\n/);
  t.notRegex(result.stdout, /execPath|ppid:|\bversions: \{/);
});

test('DAP evaluate survives escapes and runaways, and the session still answers', async (t) => {
  await withStoppedSession(dumpPath, 1, async (dc, frameId) => {
    for (const expression of [...Object.values(ESCAPES), ...Object.values(REJECTING), ...Object.values(RUNAWAYS).slice(2, 12).map(([e]) => e)]) {
      try {
        const response = await within(dc.evaluateRequest({ expression, frameId, context: 'repl' }), `evaluate ${expression}`);
        t.notRegex(response.body.result, /execPath|ppid:|\bversions: \{/);
      } catch (error) {
        t.notRegex(error.message, /^no evaluate/, 'an error response is fine; no response is not');
      }
    }
    const last = await within(dc.evaluateRequest({ expression: '[typeof process, order.id]', frameId, context: 'repl' }), 'evaluate');
    t.is(last.body.result, "[ 'undefined', 42 ]");
  });
});
