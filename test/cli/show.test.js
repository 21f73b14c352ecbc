import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';

const file = writeDump(sampleDump());

test('show prints the error, its causes, the frames with snippets and locals', async (t) => {
  const { code, stdout, stderr } = await runCli(['show', file], { cwd: '/' });
  t.is(code, 0, stderr);
  t.true(stdout.startsWith("TypeError: Cannot read properties of null (reading 'tax')\n  caused by RangeError: quantity out of range\n  caused by Error: disk on fire\n"));
  t.regex(stdout, /^#0 Order\.total \(app\/src\/order\.ts:12:24\) \[app\/dist\/order\.js:9:30\]$/m);
  t.regex(stdout, /^ {4}> 12 {5}return sum \+ missing\.tax;$/m);
  t.regex(stdout, /^ {4}this = Order \{ id: 42, items: \[Array\(3\)\]/m);
  t.regex(stdout, /^#1 checkout \(app\/app\.js:5:16\)$/m);
  t.regex(stdout, /^ {4}tags = Map\(2\) \{ 'a' => 1, 'b' => 2 \}$/m);
  t.regex(stdout, /^ {4}secret = \[redacted string, 12 chars\]$/m);
  t.regex(stdout, /^#3 async main \(app\/app\.js:7:1\)$/m);
  t.false(stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
});

test('show --json prints a machine-readable summary', async (t) => {
  const { code, stdout } = await runCli(['show', '--json', file]);
  t.is(code, 0);
  const summary = JSON.parse(stdout);
  t.is(summary.error.name, 'TypeError');
  t.deepEqual(summary.error.causes.map((c) => c.name), ['RangeError', 'Error']);
  t.deepEqual(summary.topFrame, { index: 0, name: 'Order.total', file: '/app/src/order.ts', line: 12, column: 24 });
  t.deepEqual(summary.frames[1].locals.find((l) => l.name === 'count'), { name: 'count', type: 'number', value: '3', scope: 'local' });
});

test('a missing file is one line and exit 1', async (t) => {
  const { code, stdout, stderr } = await runCli(['show', '/nonexistent.wipeout']);
  t.is(code, 1);
  t.is(stdout, '');
  t.is(stderr, 'Cannot read /nonexistent.wipeout: no such file\n');
});

test('a file that is not a dump is one line and exit 1', async (t) => {
  const path = writeDump(sampleDump());
  writeFileSync(path, '{"hello": 1}');
  const { code, stderr } = await runCli(['show', path]);
  t.is(code, 1);
  t.regex(stderr, /^\S+ is not a wipeout dump \(expected gzip-compressed JSON\)\n$/);
});

test('a dump that is not a regular file is refused before it is read', async (t) => {
  const dir = tempDir('wipeout-show-');
  const cases = [[dir, 'it is a directory']];
  if (existsSync('/dev/zero')) cases.push(['/dev/zero', 'it is not a regular file but a device']);
  // Reading a named pipe would wait for a writer for ever.
  if (spawnSync('mkfifo', [join(dir, 'pipe.wipeout')]).status === 0) cases.push([join(dir, 'pipe.wipeout'), 'it is not a regular file but a named pipe']);
  for (const [path, why] of cases) {
    const { code, stdout, stderr } = await runCli(['show', path]);
    t.is(code, 1);
    t.is(stderr, `Cannot read ${path}: ${why}\n`);
    t.is(stdout, '');
  }
});

test('usage mistakes exit 2', async (t) => {
  t.is((await runCli(['show'])).code, 2);
  t.is((await runCli(['show', file, '--nope'])).code, 2);
  t.is((await runCli(['frobnicate'])).code, 2);
});

test('wipeout --help lists every command', async (t) => {
  const { code, stdout } = await runCli(['--help']);
  t.is(code, 0);
  for (const command of ['show', 'load', 'run', 'list']) t.regex(stdout, new RegExp(`^ {4}${command} `, 'm'));
  t.regex(stdout, /WIPEOUT_DEBUGGER/);
});

test('a thrown value that is not an Error is shown as it was thrown', async (t) => {
  const { makeDump } = await import('../helpers/make-dump.js');
  const path = writeDump(makeDump({ reason: 'unhandledRejection', error: 'plain string', errorSummary: { name: 'string', message: 'plain string', causes: [] } }));
  const { code, stdout } = await runCli(['show', path]);
  t.is(code, 0);
  t.regex(stdout, /^Uncaught 'plain string'\nunhandledRejection in pid 4242/);
});

test('a synchronous CommonJS throw under --import shows as an uncaught exception thrown in CommonJS, in show, show --json and info, keeping Node\'s origin', async (t) => {
  const { runFixture } = await import('../helpers/crash-run.js');
  const { replInput } = await import('../helpers/cli-run.js');
  const { dumps } = await runFixture('cjs-nested.cjs', { hook: 'import' });
  const path = dumps[0].path;
  const shown = await runCli(['show', path]);
  t.regex(shown.stdout, /^uncaught exception, thrown in CommonJS \(Node's origin: unhandledRejection\) in pid \d+ /m);
  t.false(/^unhandledRejection in pid/m.test(shown.stdout));
  const summary = JSON.parse((await runCli(['show', '--json', path])).stdout);
  t.is(summary.reason, 'uncaughtException');
  t.deepEqual(summary.escape, { nodeOrigin: 'unhandledRejection', thrownIn: 'commonjs' });
  const { stdout } = await runCli(['load', path, '--debugger', 'repl'], { input: replInput('info') });
  t.regex(stdout, /^when: +.* UTC \(uncaught exception, thrown in CommonJS \(Node's origin: unhandledRejection\)\)$/m);
});

test('show --json has a capture block that tells a full dump from a stack-only one', async (t) => {
  const { runFixture } = await import('../helpers/crash-run.js');
  const [full, stackOnly] = await Promise.all([runFixture('cjs-nested.cjs'), runFixture('stack-overflow.cjs')]);
  const captureOf = async (run) => JSON.parse((await runCli(['show', '--json', run.dumps[0].path])).stdout).capture;
  const paused = await captureOf(full);
  t.is(paused.method, 'pause');
  t.is(typeof paused.durationMs, 'number');
  t.deepEqual(paused.problems, []);
  const parsed = await captureOf(stackOnly);
  t.is(parsed.method, 'stack-only');
  t.is(typeof parsed.durationMs, 'number');
  t.true(parsed.problems.length > 0, 'it says why there are no scopes');
  t.true(parsed.problems.every((problem) => typeof problem === 'string'));
});
