// Issue 16: under vitest, jest and mocha, with wipeout in the runner's configuration as a user puts
// it, a failing test leaves a dump whose top user frame is the test's own, with its locals, the
// first time it fails; the runner's output, counts and exit code stay as without wipeout, and one
// line per dump follows the run's summary. Each runner runs for real, as a child process.
import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRELOAD } from '../helpers/crash-run.js';
import { dumpFiles, runnerProject, runRunner, showJson, splitStderr } from '../helpers/runner-project.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Durations and the time of day differ from run to run, and a runner prints some durations only
 * when a test is slow: every duration goes, with the brackets around it. Nothing else may differ.
 */
const timeless = (text) =>
  text
    .split('\n')
    .filter((line) => !/^\s*(Start at|Duration)\b/.test(line))
    .join('\n')
    .replace(/ ?\(?\b\d+(\.\d+)? ?m?s\b\)?/g, '')
    // Jest estimates a run's time from the runs before it.
    .replace(/, estimated$/gm, '');

/** What each runner's fixture suite fails with: the test's name, its file, and a local of its own frame. */
const RUNNERS = {
  vitest: {
    file: 'failing.test.mjs',
    failures: {
      'totals an order': { local: ['total', '7'], line: 8 },
      'checkout > charges the card': { local: ['card', "{ last4: '4242', limit: 10 }"], line: 15 },
      'is retried': { local: ['attempt', '1'], line: 29 },
    },
  },
  jest: {
    // Jest runs a test file in a vm context: its locals are read there (wipeout/jest hands the
    // context's global to the hook).
    file: 'failing.test.cjs',
    failures: {
      'totals an order': { local: ['total', '7'], line: 6 },
      'checkout charges the card': { local: ['card', "{ last4: '4242', limit: 10 }"], line: 13 },
    },
  },
  mocha: {
    file: 'failing.test.mjs',
    failures: {
      'totals an order': { local: ['total', '7'], line: 9 },
      'checkout charges the card': { local: ['card', "{ last4: '4242', limit: 10 }"], line: 16 },
      'fails from a timer': { local: ['retries', '3'], line: 31 },
      // Mocha reports a retried test's last attempt; its hooks never hear of the ones it retried.
      'is retried': { local: ['attempt', '2'], line: 42 },
    },
  },
};

/**
 * The run plain and with wipeout must print the same, apart from wipeout's own lines on stderr.
 * `unordered`: the runner reports files in the order its workers finish them.
 */
function assertSameOutput(t, plain, hooked, { unordered = false } = {}) {
  const same = (text) => (unordered ? timeless(text).split('\n').sort().join('\n') : timeless(text));
  t.is(hooked.code, plain.code);
  t.is(same(hooked.stdout), same(plain.stdout));
  t.is(same(splitStderr(hooked.stderr).theirs), same(plain.stderr));
}

/** Each dump is a failing test's, opened with the real CLI: the test's own frame, with its local. */
async function assertDumps(t, runner, dir, folder) {
  const { file, failures } = RUNNERS[runner];
  const paths = dumpFiles(folder);
  t.is(paths.length, Object.keys(failures).length, paths.join(', '));
  for (const path of paths) {
    const shown = await showJson(path);
    t.is(shown.reason, 'testFailure');
    const expected = failures[shown.test.name];
    t.truthy(expected, `a dump of an unexpected test: ${shown.test.name}`);
    t.is(shown.test.file, join(dir, file));
    t.is(shown.topFrame.file, join(dir, file), shown.test.name);
    t.is(shown.topFrame.line, expected.line, shown.test.name);
    const own = shown.frames[shown.topFrame.index];
    t.is(shown.capture.method, 'pause', shown.test.name);
    const [name, value] = expected.local;
    t.is(own.locals.find((local) => local.name === name)?.value, value, `${shown.test.name}: ${name}`);
  }
  return paths;
}

const runnerSaves = test.macro({
  // `env` for both runs; `hookEnv` for the run with wipeout only.
  async exec(t, runner, { args = [], env = {}, hookEnv = {}, unordered } = {}) {
    const dir = runnerProject(runner);
    const plain = await runRunner(runner, dir, { hook: false, args, env });
    const hooked = await runRunner(runner, dir, { hook: true, args, env: { ...env, ...hookEnv } });
    assertSameOutput(t, plain, hooked, { unordered });
    t.not(hooked.code, 0);
    const paths = await assertDumps(t, runner, dir, hooked.folder);
    // The lines come last on stderr (after jest's summary, which jest writes there), one per dump.
    const lines = hooked.stderr.trimEnd().split('\n');
    const ours = lines.slice(-paths.length);
    t.deepEqual(ours.map((line) => line.replace(/ saved to .*/, '')).sort(), Object.keys(RUNNERS[runner].failures).map((name) => `wipeout: test ${JSON.stringify(name)} failed:`).sort());
    for (const path of paths) t.true(ours.some((line) => line.includes(`saved to ${path} — open it with: `)), path);
    if (runner === 'jest') t.regex(lines[lines.length - paths.length - 1], /^Ran all test suites/);
    t.false(existsSync(join(hooked.folder, 'index.jsonl')), 'the index is gone after the run');
  },
  title: (extra, runner, { label = '' } = {}) =>
    `${runner}${label}: a failing test leaves a dump with its own frame's locals, once; the runner's output and exit code are unchanged`,
});

test(runnerSaves, 'vitest');
test(runnerSaves, 'vitest', { label: ' (threads pool)', env: { POOL: 'threads' } });
// The vm pools run each file in a node:vm context: wipeout/vitest gives it to the hook, as jest's.
test(runnerSaves, 'vitest', { label: ' (vmThreads pool)', env: { POOL: 'vmThreads' } });
test(runnerSaves, 'vitest', { label: ' (vmForks pool)', env: { POOL: 'vmForks' } });
test(runnerSaves, 'jest');
test(runnerSaves, 'jest', { label: ' (jsdom environment)', env: { JEST_ENV: 'jsdom' } });
test(runnerSaves, 'mocha');
test(runnerSaves, 'mocha', { label: ' --parallel', args: ['--parallel', '--jobs', '2'], env: { SUITE: 'failing,passing' }, unordered: true });
test(runnerSaves, 'vitest', { label: ' with NODE_OPTIONS=--import=wipeout/register', hookEnv: { NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}` } });
test(runnerSaves, 'jest', { label: ' with NODE_OPTIONS=--import=wipeout/register', hookEnv: { NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}` } });
test(runnerSaves, 'mocha', { label: ' with NODE_OPTIONS=--import=wipeout/register', hookEnv: { NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}` } });

/**
 * Errors each runner reports outside a test's own code (SUITE=outside): what it says of each
 * (`said`: wipeout's line, before ` saved to`), the dump's reason and test, and the throwing
 * frame's local. Tests that expect their uncaught exception, rejections the runner lets go and
 * mocha's skips leave nothing.
 */
const OUTSIDE = {
  vitest: {
    file: 'outside.test.mjs',
    dumps: [
      { said: 'wipeout: unhandled error in outside.test.mjs:', reason: 'uncaughtException', local: ['inTimer', "'late'"], line: 13 },
      { said: 'wipeout: unhandled error in outside.test.mjs:', reason: 'unhandledRejection', local: ['pending', '{ id: 3 }'], line: 23 },
      { said: 'wipeout: test "connects" failed:', reason: 'testFailure', test: 'connects', local: ['db', "{ url: 'db://test' }"], line: 43 },
    ],
  },
  jest: {
    file: 'outside.test.cjs',
    dumps: [
      { said: 'wipeout: test suite failed to run: outside.test.cjs:', reason: 'unhandledRejection', local: ['setting', "{ name: 'port' }"], line: 5 },
      { said: 'wipeout: test "schedules a late throw" failed:', reason: 'testFailure', test: 'schedules a late throw', local: ['inTimer', "'late'"], line: 14 },
      { said: 'wipeout: test "rejects unawaited" failed:', reason: 'testFailure', test: 'rejects unawaited', local: ['pending', '{ id: 3 }'], line: 24 },
    ],
  },
  mocha: {
    file: 'outside.test.mjs',
    // Mocha rethrows it once its run is over: a crash, announced as a program's (the summary is out).
    dumps: [{ said: 'wipeout: crash', reason: 'uncaughtException', local: ['inTimer', "'after the run'"], line: 29 }],
  },
};

const outsideTests = test.macro({
  async exec(t, runner, { env: more = {} } = {}) {
    const { file, dumps } = OUTSIDE[runner];
    const dir = runnerProject(runner);
    const env = { SUITE: 'outside', ...more };
    const plain = await runRunner(runner, dir, { hook: false, env });
    const hooked = await runRunner(runner, dir, { hook: true, env });
    assertSameOutput(t, plain, hooked);
    t.not(hooked.code, 0);
    const shown = [];
    for (const path of dumpFiles(hooked.folder)) shown.push({ path, ...(await showJson(path)) });
    const key = (expected) => `${expected.reason} ${expected.test ?? ''} ${expected.local[0]}`;
    t.deepEqual(shown.map((d) => `${d.reason} ${d.test?.name ?? ''}`).sort(), dumps.map((d) => `${d.reason} ${d.test ?? ''}`).sort());
    for (const expected of dumps) {
      const dump = shown.find((d) => d.reason === expected.reason && d.test?.name === expected.test && d.frames[d.topFrame.index].locals.some((local) => local.name === expected.local[0]));
      t.truthy(dump, `a dump for ${key(expected)}`);
      if (!dump) continue;
      t.is(dump.topFrame.file, join(dir, file), key(expected));
      t.is(dump.topFrame.line, expected.line, key(expected));
      t.is(dump.capture.method, 'pause', key(expected));
      t.is(dump.frames[dump.topFrame.index].locals.find((local) => local.name === expected.local[0])?.value, expected.local[1], key(expected));
      // One line per dump, naming it as the runner does.
      t.true(splitStderr(hooked.stderr).ours.some((line) => line.startsWith(`${expected.said} saved to ${dump.path} `)), `${key(expected)}: ${hooked.stderr}`);
    }
    t.is(splitStderr(hooked.stderr).ours.length, dumps.length, hooked.stderr);
    t.false(existsSync(join(hooked.folder, 'index.jsonl')), 'the index is gone after the run');
  },
  title: (extra, runner, { label = '' } = {}) =>
    `${runner}${label}: an error the runner fails the run for outside a test's own code leaves one dump with the throwing frame's locals, named as the runner names it; the output and exit code are unchanged`,
});

for (const runner of Object.keys(OUTSIDE)) test(outsideTests, runner);
test(outsideTests, 'vitest', { label: ' (vmThreads pool)', env: { POOL: 'vmThreads' } });
test(outsideTests, 'jest', { label: ' (jsdom environment)', env: { JEST_ENV: 'jsdom' } });

const passingRun = test.macro({
  async exec(t, runner) {
    const dir = runnerProject(runner);
    const plain = await runRunner(runner, dir, { hook: false, env: { SUITE: 'passing' } });
    const hooked = await runRunner(runner, dir, { hook: true, env: { SUITE: 'passing' } });
    assertSameOutput(t, plain, hooked);
    t.is(hooked.code, 0);
    t.false(existsSync(hooked.folder));
    t.notRegex(hooked.stderr, /wipeout/);
  },
  title: (extra, runner) => `${runner}: a passing run leaves nothing behind and prints nothing of wipeout`,
});

for (const runner of Object.keys(RUNNERS)) test(passingRun, runner);

const capped = test.macro({
  async exec(t, runner) {
    const dir = runnerProject(runner);
    const hooked = await runRunner(runner, dir, { hook: true, env: { WIPEOUT_TEST_MAX_DUMPS: '1' } });
    t.is(dumpFiles(hooked.folder).length, 1);
    const more = Object.keys(RUNNERS[runner].failures).length - 1;
    t.regex(hooked.stderr, new RegExp(`^wipeout: ${more} more failing test${more === 1 ? ' was' : 's were'} not saved \\(the first 1 of a run are; WIPEOUT_TEST_MAX_DUMPS\\)$`, 'm'));
  },
  title: (extra, runner) => `${runner}: a run saves the first WIPEOUT_TEST_MAX_DUMPS failures and says how many more it did not`,
});

for (const runner of Object.keys(RUNNERS)) test(capped, runner);

const defaultFolder = test.macro({
  async exec(t, runner) {
    const dir = runnerProject(runner);
    const tmp = tempDir('wipeout-tmp-');
    const hooked = await runRunner(runner, dir, { hook: true, env: { WIPEOUT_TEST_DUMPS: '', TMPDIR: tmp } });
    // Named after the runner's own process, which the test processes and the reporter both know.
    const folder = join(tmp, `wipeout-tests-${hooked.pid}`);
    t.deepEqual(readdirSync(tmp).filter((name) => name.startsWith('wipeout-tests-')), [`wipeout-tests-${hooked.pid}`]);
    t.is(dumpFiles(folder).length, Object.keys(RUNNERS[runner].failures).length);
    t.false(existsSync(join(dir, 'index.jsonl')));
    t.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.wipeout')), [], 'nothing in the project folder');
  },
  title: (extra, runner) => `${runner}: without WIPEOUT_TEST_DUMPS the dumps go to one folder under the temp directory, named after the runner's process`,
});

for (const runner of Object.keys(RUNNERS)) test(defaultFolder, runner);

test('jest with two files in workers saves each file\'s failures from the worker', async (t) => {
  const dir = runnerProject('jest');
  const args = ['--maxWorkers=2'];
  const plain = await runRunner('jest', dir, { hook: false, args, env: { SUITE: 'failing,passing' } });
  const hooked = await runRunner('jest', dir, { hook: true, args, env: { SUITE: 'failing,passing' } });
  t.is(hooked.code, plain.code);
  // Workers finish in either order: the files' reports may come in either order too.
  t.is(splitStderr(hooked.stderr).ours.length, Object.keys(RUNNERS.jest.failures).length);
  await assertDumps(t, 'jest', dir, hooked.folder);
});
