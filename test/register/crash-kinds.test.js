// Issue 3's matrix: every crash kind, each a real process, with the locals of the throw site.
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, freshDir, runFixture, userVisible, withoutHookLine, withoutSourceHeader, NODE_MAJOR } from '../helpers/crash-run.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';

/** Runs a fixture with and without the hook; checks parity; returns the one dump. */
async function crash(t, fixture, { code = 1, dumps = 1 } = {}) {
  const plain = await runFixture(fixture, { hook: false });
  const hooked = await runFixture(fixture);
  return sameAsPlain(t, plain, hooked, { code, dumps });
}

/**
 * As `crash`, for fixtures that write what of theirs ran (getters, traps) to TRACE_FILE. Returns
 * the dump and the traces of three runs: plain Node; the hook (with `-r`: through `--import` a
 * CommonJS crash escapes by another path, where Node prints differently); and a bare debugger
 * session that pauses at every throw, which shows what V8's pause alone runs.
 */
async function crashTraced(t, fixture, { sameOutput = true } = {}) {
  const traced = async (hook, nodeArgs = []) => {
    const dir = freshDir();
    const file = join(dir, 'trace.txt');
    const result = await runFixture(fixture, { hook, nodeArgs, dir, env: { TRACE_FILE: file } });
    return { result, trace: existsSync(file) ? readFileSync(file, 'utf8') : '' };
  };
  const plain = await traced(false);
  const hooked = await traced('require');
  const paused = await traced(false, ['-r', join(FIXTURES, 'bare-pausing-session.cjs')]);
  const traces = { plainTrace: plain.trace, hookedTrace: hooked.trace, pausedTrace: paused.trace };
  if (!sameOutput) {
    t.is(hooked.result.code, plain.result.code);
    t.is(hooked.result.dumps.length, 1);
    return { dump: hooked.result.dumps[0].dump, ...traces };
  }
  const [dump] = sameAsPlain(t, plain.result, hooked.result, { code: 1, dumps: 1 });
  return { dump, ...traces };
}

function sameAsPlain(t, plain, hooked, { code, dumps }) {
  t.is(hooked.code, plain.code);
  t.is(hooked.code, code);
  t.is(hooked.stdout, plain.stdout);
  t.is(hooked.stderr.split('\n').filter((line) => line.startsWith('wipeout: ')).length, dumps);
  const hookedText = userVisible(withoutHookLine(hooked.stderr));
  const plainText = userVisible(plain.stderr);
  if (hookedText !== plainText) t.is(withoutSourceHeader(hookedText), withoutSourceHeader(plainText));
  t.is(hooked.dumps.length, dumps);
  return hooked.dumps.map((entry) => entry.dump);
}

const localsOf = (dump, name) => {
  const frame = frameNamed(dump, name);
  if (!frame) throw new Error(`no frame ${name} in ${dump.frames.map((f) => f.functionName).join(', ')}`);
  return variables(frame);
};

test('an ESM function called at top level: the throwing frame and the module scope', async (t) => {
  const [dump] = await crash(t, 'esm-top-level.mjs');
  t.is(dump.capture.method, 'pause');
  t.is(localsOf(dump, 'validate').minimumAge, 18);
  t.is(prop(deref(dump, localsOf(dump, 'validate').user), 'name'), 'kim');
  const top = dump.frames.find((frame) => frame.kind === 'user' && frame.functionName === '');
  t.truthy(top, 'the module frame');
  t.is(prop(deref(dump, variables(top).user), 'age'), 12);
});

test('a Node API throwing inside ESM user code: the user frame below the API frame', async (t) => {
  const [dump] = await crash(t, 'esm-node-api.mjs');
  t.is(dump.errorSummary.name, 'Error');
  t.regex(dump.errorSummary.message, /ENOENT/);
  t.is(localsOf(dump, 'loadSettings').directory, '/nonexistent-dir');
  t.is(dump.frames[0].kind, 'node');
});

test('an async function throwing before its first await', async (t) => {
  const [dump] = await crash(t, 'async-before-await.mjs');
  t.is(dump.reason, 'unhandledRejection');
  t.is(localsOf(dump, 'charge').amount, -5);
  t.is(localsOf(dump, 'charge').currency, 'EUR');
});

test('an async function throwing after an await: its locals, and the awaiting caller as an async frame', async (t) => {
  const [dump] = await crash(t, 'async-after-await.mjs');
  t.is(dump.reason, 'unhandledRejection');
  t.is(localsOf(dump, 'poll').attempts, 3);
  const caller = frameNamed(dump, 'schedule');
  t.true(caller.async);
  t.deepEqual(caller.scopes, []);
});

test('a rejected top-level await', async (t) => {
  const [dump] = await crash(t, 'esm-tla-reject.mjs');
  t.is(localsOf(dump, 'fetchConfig').source, 'remote');
  t.is(localsOf(dump, 'fetchConfig').name, 'prod');
});

test('a throwing .then callback', async (t) => {
  const [dump] = await crash(t, 'then-callback.mjs');
  t.deepEqual(localsOf(dump, 'applyTotal').ratio, { t: 'number', v: 'Infinity' });
  t.is(prop(deref(dump, localsOf(dump, 'applyTotal').current), 'id'), 5);
});

test('a throwing setTimeout callback in ESM', async (t) => {
  const [dump] = await crash(t, 'esm-timer.mjs');
  t.is(dump.reason, 'uncaughtException');
  t.is(localsOf(dump, 'onTick').remaining, 0);
});

test('an EventEmitter error without a listener', async (t) => {
  const [dump] = await crash(t, 'emitter.cjs');
  t.is(localsOf(dump, 'fail').reason, 'disk full');
});

test('an unhandled Promise.reject inside a function with locals', async (t) => {
  const [dump] = await crash(t, 'promise-reject.mjs');
  t.is(dump.reason, 'unhandledRejection');
  t.is(localsOf(dump, 'startJob').priority, 'high');
});

test('an error thrown inside node:vm code keeps its exit code and output, with the caller\'s locals', async (t) => {
  const [dump] = await crash(t, 'vm-throw.cjs');
  t.is(dump.errorSummary.name, 'RangeError');
  t.is(dump.errorSummary.message, 'limit too low: 3');
  // An error object of the vm context is not matched to its throw site (docs/capture.md).
  t.is(dump.capture.method, 'stack-only');
  t.regex(dump.capture.problems[0], /^no throw site was held for this value \(V8 did not pause at its throw, or the value was made in another vm context\)/);
  t.truthy(frameNamed(dump, 'runRule'));
});

test('a crash through a node:vm context given to the hook has the locals of the frames in both realms', async (t) => {
  const [dump] = await crash(t, 'vm-realm-given.cjs');
  t.is(dump.errorSummary.message, 'total 7 is not 8');
  t.is(dump.capture.method, 'pause');
  t.is(localsOf(dump, 'checkTotal').total, 7);
  t.is(prop(deref(dump, localsOf(dump, 'checkTotal').order), 'expected'), 8);
  t.is(prop(deref(dump, localsOf(dump, 'settle').order), 'id'), 'A-17');
  t.deepEqual(dump.capture.problems.filter((problem) => problem.includes('vm')), []);
});

test('a primitive thrown inside node:vm code from an ES module keeps its exit code and output', async (t) => {
  const [dump] = await crash(t, 'vm-throw-primitive.mjs');
  t.is(dump.error, 2);
  t.is(dump.capture.method, 'pause');
});

test('an async error escaping after 100 handled throws keeps its throw site and locals', async (t) => {
  const [dump] = await crash(t, 'many-handled-throws.mjs');
  t.is(dump.capture.method, 'pause');
  t.is(localsOf(dump, 'fail').orderId, 7);
});

test('a primitive thrown at two sites is saved from the one it escaped from', async (t) => {
  const [dump] = await crash(t, 'primitive-rethrown-elsewhere.cjs');
  t.is(dump.error, 'timeout');
  t.is(localsOf(dump, 'second').where, 'second');
});

test('a thrown Proxy: the capture runs none of its traps', async (t) => {
  const { dump, plainTrace, hookedTrace, pausedTrace } = await crashTraced(t, 'thrown-proxy.cjs');
  t.is(hookedTrace, plainTrace);
  t.is(pausedTrace, plainTrace);
  t.is(localsOf(dump, 'fail').attempt, 3);
});

test('an error whose message getter throws is still saved, without the hook calling the getter', async (t) => {
  // V8 formats the stack when it pauses at the throw, so the getter runs (and throws) there:
  // Node then prints V8's "<error: …>" stack where alone it prints none (docs/capture.md).
  const { dump, hookedTrace, pausedTrace } = await crashTraced(t, 'message-getter-throws.cjs', { sameOutput: false });
  // As often as under any debugger that pauses there (Node 22: 5 times, 24: 6, 26: 3; alone: 4).
  t.is(hookedTrace, pausedTrace);
  t.is(localsOf(dump, 'fail').step, 'commit');
});

test('an error class named by a getter keeps its name and stack, read without calling the getter', async (t) => {
  const { dump, hookedTrace, pausedTrace } = await crashTraced(t, 'error-name-getter.cjs');
  t.is(hookedTrace, pausedTrace);
  t.is(dump.errorSummary.name, 'OrderError');
  t.regex(dump.errorSummary.stack, /^OrderError: order 7 failed\n {4}at submit \(/);
  t.is(localsOf(dump, 'submit').orderId, 7);
});

test('a crash after the program removed its working directory is still saved', async (t) => {
  const [dump] = await crash(t, 'cwd-removed.cjs');
  t.is(dump.process.cwd, '(unknown: ENOENT)');
  t.is(dump.errorSummary.message, 'working directory removed');
});

test('a class method: this holds the instance fields', async (t) => {
  const [dump] = await crash(t, 'class-method.cjs');
  t.is(prop(deref(dump, frameNamed(dump, 'checkout').this), 'owner'), 'ada');
});

test('a worker thread writes its own dump, and the main thread its own', async (t) => {
  const dumps = await crash(t, 'worker-main.mjs', { dumps: 2 });
  const worker = dumps.find((dump) => !dump.thread.isMain);
  const main = dumps.find((dump) => dump.thread.isMain);
  t.true(worker.thread.id > 0);
  if (NODE_MAJOR >= 22) t.is(worker.thread.name, 'resizer');
  t.is(localsOf(worker, 'resize').factor, 0);
  t.is(localsOf(main, 'onWorkerError').seen, 'cannot resize cat.png by 0');
});

test('a child process started with the parent\'s NODE_OPTIONS writes its own dump', async (t) => {
  const { pathToFileURL } = await import('node:url');
  const { PRELOAD } = await import('../helpers/crash-run.js');
  const result = await runFixture('child-parent.cjs', { hook: false, env: { NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}` } });
  t.is(result.code, 0, 'the child crashed with exit code 1');
  const children = result.dumps.filter(({ dump }) => frameNamed(dump, 'childWork'));
  t.is(children.length, 1);
  t.is(localsOf(children[0].dump, 'childWork').childLocal, 'in the child');
  // The dump is the child's own: another process than child-parent.cjs, started by it.
  const { path, dump } = children[0];
  t.true(Number.isInteger(dump.process.pid) && dump.process.pid > 0);
  t.not(dump.process.pid, result.pid);
  t.is(dump.process.ppid, result.pid);
  t.true(path.endsWith(`-${dump.process.pid}.wipeout`), path);
});

test('a program with its own uncaughtException handler keeps its behaviour and still gets a dump', async (t) => {
  const [dump] = await crash(t, 'own-handler.cjs', { code: 4 });
  t.is(localsOf(dump, 'work').step, 'parse');
});

test('a stack overflow gives a small dump from the stack string', async (t) => {
  const [dump] = await crash(t, 'stack-overflow.cjs');
  t.is(dump.errorSummary.name, 'RangeError');
  t.true(dump.frames.some((frame) => frame.functionName === 'recurse'));
  t.true(dump.frames.length <= 200);
  t.true(dump.objects.length < 100);
  t.is(dump.capture.method, 'stack-only');
  t.regex(dump.capture.problems[0], /^V8 paused for this value only in Node's own code, not where it was thrown/);
});

test('an error wrapped with cause: the final throw site and the cause\'s own throw site', async (t) => {
  const [dump] = await crash(t, 'cause-rethrow.mjs');
  t.is(localsOf(dump, 'service').retries, 2);
  t.is(dump.errorSummary.causes[0].message, 'row 77 missing in orders');
  const site = dump.causeSites.find((entry) => entry.depth === 1);
  const readRecord = site.frames.find((frame) => frame.functionName === 'readRecord');
  t.is(variables(readRecord).table, 'orders');
  t.is(variables(readRecord).id, 77);
});

test('a debugger session of the program\'s own keeps its breakpoint pause', async (t) => {
  // Its setPauseOnExceptions('none') is V8's one setting for the process from then on, so the
  // crash that follows is saved from its stack string (docs/capture.md).
  const [dump] = await crash(t, 'own-debugger.cjs');
  const plain = await runFixture('own-debugger.cjs', { hook: false });
  t.is(plain.stdout.trim(), '["other:visible while paused"]');
  t.true(dump.frames.some((frame) => frame.functionName === 'crash'));
});

test('under --inspect the hook leaves pausing to the attached debugger and still saves the crash', async (t) => {
  const listening = (stderr) => stderr.replace(/ws:\/\/\S+/g, 'ws://…');
  const plain = await runFixture('cjs-nested.cjs', { hook: false, nodeArgs: ['--inspect=127.0.0.1:0'] });
  const hooked = await runFixture('cjs-nested.cjs', { nodeArgs: ['--inspect=127.0.0.1:0'] });
  t.is(hooked.code, plain.code);
  t.is(listening(withoutSourceHeader(userVisible(withoutHookLine(hooked.stderr)))), listening(withoutSourceHeader(userVisible(plain.stderr))));
  t.is(hooked.dumps.length, 1);
  const { dump } = hooked.dumps[0];
  t.true(dump.frames.some((frame) => frame.functionName === 'parseOrder'));
  // Nobody attached, so nothing paused at the throw.
  t.is(dump.capture.method, 'stack-only');
  t.regex(dump.capture.problems[0], /^Node's inspector was open at start-up \(--inspect\), so pausing is left to the debugger attached there, which did not pause where this value was thrown: /);
});

// Under --import a CommonJS entry runs inside the ES module loader, and Node reports a synchronous
// throw there as an unhandled rejection of the loader's promise. The dump says what the user wrote.
const ESCAPES = [
  ['cjs-nested.cjs', 'import', 'uncaughtException', { nodeOrigin: 'unhandledRejection', thrownIn: 'commonjs' }],
  ['cjs-nested.cjs', 'require', 'uncaughtException', undefined],
  ['async-before-await.cjs', 'import', 'unhandledRejection', undefined],
  ['esm-top-level.mjs', 'import', 'unhandledRejection', undefined],
];
for (const [fixture, hook, reason, escape] of ESCAPES) {
  test(`${fixture} with ${hook === 'import' ? '--import' : '-r'} is saved as ${reason}${escape ? ', thrown in CommonJS, keeping Node\'s origin' : ''}`, async (t) => {
    const { dumps, code } = await runFixture(fixture, { hook });
    t.is(code, 1);
    t.is(dumps.length, 1);
    t.is(dumps[0].dump.reason, reason);
    t.deepEqual(dumps[0].dump.escape, escape);
  });
}
