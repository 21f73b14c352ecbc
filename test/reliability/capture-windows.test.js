// Issue 12: capture stays on where crashes really happen. A crash during or just after the boot
// of a 150-module app, and a crash in a process that handles 300 errors a second 40 frames deep,
// keep their locals; a program's own handlers do not stop the dump; dump() has its own budget.
import test from 'ava';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDir, runFixture, userVisible, withoutHookLine, withoutSourceHeader } from '../helpers/crash-run.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';
import { replInput, runCli } from '../helpers/cli-run.js';

const RELIABILITY = fileURLToPath(new URL('../fixtures/reliability/', import.meta.url));
const INDEX = fileURLToPath(new URL('../../dist/register/index.js', import.meta.url));
const MODULES = 150;

/**
 * Writes a 150-module app (`cjs` or `esm`) whose entry loads every module. Module 140 reads its
 * setting at load; `when` says where the crash comes: `boot` (module 140 throws while the app is
 * still loading) or `after` (a timer 20 ms after the last module loaded).
 */
function bootApp(kind, when) {
  const dir = freshDir();
  const app = join(dir, 'app');
  mkdirSync(app);
  const ext = kind === 'cjs' ? 'cjs' : 'mjs';
  for (let i = 0; i < MODULES; i++) {
    const body = `const settings${i} = { name: 'service-${i}', retries: ${i % 5} };`;
    const crash =
      i === 140 && when === 'boot'
        ? `function readSetting(name) {\n  const source = { port: '80a', host: 'db' };\n  const port = Number(source[name]);\n  if (Number.isNaN(port)) throw new Error(\`setting \${name} is not a number: \${source[name]}\`);\n  return port;\n}\nreadSetting('port');`
        : '';
    const exported = kind === 'cjs' ? `module.exports = settings${i};` : `export default settings${i};`;
    writeFileSync(join(app, `m${i}.${ext}`), `${body}\n${crash}\n${exported}\n`);
  }
  const loads = Array.from({ length: MODULES }, (_, i) => (kind === 'cjs' ? `loaded.push(require('./app/m${i}.cjs'));` : `import m${i} from './app/m${i}.mjs';`));
  const collect = kind === 'cjs' ? '' : `loaded.push(${Array.from({ length: MODULES }, (_, i) => `m${i}`).join(', ')});`;
  const after = `setTimeout(function crashAfterBoot() {\n  const config = { modules: loaded.length, env: 'production' };\n  throw new Error(\`boot finished with \${config.modules} modules, then failed\`);\n}, 20);`;
  const entry = join(dir, `main.${ext}`);
  writeFileSync(entry, `${kind === 'esm' ? loads.join('\n') : ''}\nconst loaded = [];\n${kind === 'cjs' ? loads.join('\n') : collect}\n${when === 'after' ? after : ''}\n`);
  return { dir, entry };
}

async function crashWithAndWithout(t, entry, dir, args = []) {
  const plain = await runFixture(entry, { hook: false, args, cwd: dir, dir: freshDir() });
  const hooked = await runFixture(entry, { args, cwd: dir, dir: freshDir() });
  t.is(hooked.code, plain.code);
  t.is(hooked.stdout, plain.stdout);
  t.is(withoutSourceHeader(userVisible(withoutHookLine(hooked.stderr))), withoutSourceHeader(userVisible(plain.stderr)));
  t.is(hooked.dumps.length, 1, hooked.stderr);
  return hooked.dumps[0].dump;
}

for (const kind of ['cjs', 'esm']) {
  test(`a ${kind === 'cjs' ? 'CommonJS' : 'ES module'} app that crashes while its 150 modules load keeps the throwing frame's locals`, async (t) => {
    const { dir, entry } = bootApp(kind, 'boot');
    const dump = await crashWithAndWithout(t, entry, dir);
    t.is(dump.capture.method, 'pause');
    const frame = frameNamed(dump, 'readSetting');
    t.truthy(frame, dump.frames.map((f) => f.functionName).join(', '));
    const locals = variables(frame);
    t.is(locals.name, 'port');
    t.is(prop(deref(dump, locals.source), 'port'), '80a');
    t.like(dump.capture.pausing, { level: 'all', stepDowns: { uncaught: 0, off: 0, offForScripts: 0 } });
  });

  test(`a ${kind === 'cjs' ? 'CommonJS' : 'ES module'} app that crashes just after its 150 modules loaded keeps its locals`, async (t) => {
    const { dir, entry } = bootApp(kind, 'after');
    const dump = await crashWithAndWithout(t, entry, dir);
    t.is(dump.capture.method, 'pause');
    const config = deref(dump, variables(frameNamed(dump, 'crashAfterBoot')).config);
    t.is(prop(config, 'modules'), MODULES);
  });
}

test('a process that handles 300 errors a second 40 frames deep keeps the locals of its crash', async (t) => {
  const dump = await crashWithAndWithout(t, join(RELIABILITY, 'busy-then-crash.cjs'), freshDir(), ['2500']);
  t.is(dump.capture.method, 'pause');
  const order = deref(dump, variables(frameNamed(dump, 'crashWhileBusy')).order);
  t.is(prop(order, 'id'), 7);
  t.true(prop(order, 'handled') > 100, `the process handled ${prop(order, 'handled')} errors before the crash`);
  // The handled errors made the hook pause only where V8 predicts a crash, not turn it off.
  t.true(dump.capture.pausing.stepDowns.uncaught >= 1);
  t.is(dump.capture.pausing.stepDowns.off, 0);
});

test("a program's own unhandledRejection handler that logs and exits still gets a dump, and its exit code", async (t) => {
  const dump = await crashWithAndWithout(t, 'own-rejection-handler.mjs', freshDir());
  t.is(dump.reason, 'unhandledRejection');
  t.is(prop(deref(dump, variables(frameNamed(dump, 'charge')).card), 'id'), 'c-1');
});

test("a program's unhandledRejection handler that counts the listeners (as vitest's does) sees only its own, and each rejection gets a dump", async (t) => {
  const plain = await runFixture('counting-rejection-handler.mjs', { hook: false });
  const hooked = await runFixture('counting-rejection-handler.mjs');
  t.is(plain.code, 5);
  t.is(hooked.code, plain.code);
  t.is(hooked.stdout, plain.stdout);
  t.is(withoutHookLine(hooked.stderr), plain.stderr);
  t.deepEqual(hooked.dumps.map(({ dump }) => prop(deref(dump, variables(frameNamed(dump, 'charge')).card), 'id')).sort(), ['c-2', 'c-3']);
});

test('without a handler of its own an unhandled rejection is saved once, as before', async (t) => {
  const result = await runFixture('promise-reject.mjs');
  t.is(result.code, 1);
  t.is(result.dumps.length, 1);
});

test("the program's dump() calls use their own per-minute budget, never the crash's", async (t) => {
  const result = await runFixture('manual-dumps-then-crash.cjs', { env: { WIPEOUT_INDEX: INDEX } });
  t.is(result.code, 1);
  const dumps = result.dumps.map((entry) => entry.dump);
  t.is(dumps.filter((dump) => dump.reason === 'manual').length, 10, 'the manual budget is the per-minute cap');
  const [crash] = dumps.filter((dump) => dump.reason !== 'manual');
  t.truthy(crash, 'the crash was saved after ten manual dumps');
  t.is(variables(frameNamed(crash, 'fail')).step, 'after-manual-dumps');
});

/** Runs own-stack-formatter.cjs; counts the formatter's calls for handled throws and for the crash. */
async function tracedFormatter(hook, crashIn) {
  const dir = freshDir();
  const trace = join(dir, 'trace.txt');
  const result = await runFixture(join(RELIABILITY, 'own-stack-formatter.cjs'), { hook, dir, args: [crashIn], env: { TRACE_FILE: trace } });
  const lines = readFileSync(trace, 'utf8').split('\n');
  return { result, handledFormats: lines.filter((line) => line.startsWith('format expected')).length, crashFormats: lines.filter((line) => line.startsWith('format crashed')).length };
}

test("a program with its own Error.prepareStackTrace: handled throws stop pausing, so they do not run it, and a crash in a callback keeps its locals", async (t) => {
  const plain = await tracedFormatter(false, 'timer');
  const hooked = await tracedFormatter('import', 'timer');
  t.is(hooked.result.code, plain.result.code);
  t.is(hooked.result.stdout, plain.result.stdout);
  t.is(plain.handledFormats, 0);
  // The first throw after the program set it still pauses (nothing told the hook before): once.
  t.true(hooked.handledFormats <= 1, `${hooked.handledFormats} of 5,000 handled throws were formatted`);
  t.is(hooked.crashFormats, plain.crashFormats);
  const [{ dump }] = hooked.result.dumps;
  t.is(dump.capture.method, 'pause');
  t.like(dump.capture.pausing, { level: 'uncaught', storm: 'formatter' });
  t.is(prop(deref(dump, variables(frameNamed(dump, 'crashAfterThrows')).order), 'id'), 7);
  // The loader keeps `pausing` (it once dropped it with the header's other nested fields).
  const path = hooked.result.dumps[0].path;
  const shown = await runCli(['show', path]);
  t.regex(shown.stdout.split('\n')[2], /^captured while the hook paused only at throws V8 predicted uncaught/);
  const info = await runCli(['load', path], { input: replInput('info') });
  t.regex(info.stdout, /^pausing: {3}uncaught, since the program set its own Error\.prepareStackTrace \d+(\.\d+)? ms before; stepped down \d+x to uncaught, \d+x off$/m);
});

test("a stack-only dump of a program with its own Error.prepareStackTrace never calls it, and says why it has no frames", async (t) => {
  const plain = await tracedFormatter(false, 'promise');
  const hooked = await tracedFormatter('import', 'promise');
  t.is(hooked.result.code, plain.result.code);
  t.is(hooked.result.stdout, plain.result.stdout);
  // Node formats the crash once to print it; the capture adds no call.
  t.is(plain.crashFormats, 1);
  t.is(hooked.crashFormats, 1);
  const [{ dump }] = hooked.result.dumps;
  t.is(dump.capture.method, 'stack-only');
  t.regex(dump.capture.problems[0], /^the hook paused only at throws V8 predicted uncaught, since the program set its own Error\.prepareStackTrace/);
  t.true(dump.capture.problems.some((problem) => /there are no frames: the error's stack could not be read without running the program's code \(its Error\.prepareStackTrace/.test(problem)), dump.capture.problems.join('\n'));
  t.is(dump.errorSummary.message, 'crashed after handled throws (order 7)');
});
