// Issue 16: a failing node:test test leaves a dump with the test's own frame and locals, the first
// time it fails; the runner's output and exit code stay as without wipeout, and the reporter
// wipeout/node-test-reporter prints one line per dump after the run.
import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshDir, NODE, PRELOAD, readDumps, run } from '../helpers/crash-run.js';
import { frameNamed, variables } from '../helpers/dump-query.js';

const RUNNERS = fileURLToPath(new URL('../fixtures/test-runners/', import.meta.url));
const REPORTER = pathToFileURL(fileURLToPath(new URL('../../dist/register/node-test-reporter.js', import.meta.url))).href;
const WITH_REPORTER = ['--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${REPORTER}`, '--test-reporter-destination=stderr'];

/** `node --test FILE` as the user runs it: plain, or with the hook (and the reporter). */
async function nodeTest(file, { hook, env = {} }) {
  const folder = join(freshDir(), 'dumps');
  const hookArgs = hook ? ['--import', pathToFileURL(PRELOAD).href, ...WITH_REPORTER] : ['--test-reporter=spec'];
  const result = await run(NODE, ['--test', ...hookArgs, join(RUNNERS, file)], { cwd: RUNNERS, env: { WIPEOUT_TEST_DUMPS: folder, ...env } });
  return { ...result, folder };
}

// Durations differ from run to run; nothing else may.
const timeless = (text) => text.replace(/\(\d+(\.\d+)?ms\)/g, '(…ms)').replace(/duration_ms \d+(\.\d+)?/g, 'duration_ms …');

test('a failing node:test test leaves a dump with its frame\'s locals; the runner\'s output and exit code are unchanged', async (t) => {
  const plain = await nodeTest('failing.test.mjs', { hook: false });
  const hooked = await nodeTest('failing.test.mjs', { hook: true });
  t.is(hooked.code, plain.code);
  t.is(timeless(hooked.stdout), timeless(plain.stdout));
  const dumps = readDumps(hooked.folder);
  t.is(dumps.length, 2, readdirSync(hooked.folder).join(', '));
  const byTest = Object.fromEntries(dumps.map(({ dump, path }) => [dump.test.name, { dump, path }]));
  t.deepEqual(Object.keys(byTest).sort(), ['checkout > charges the card', 'totals an order']);

  const totals = byTest['totals an order'].dump;
  t.is(totals.reason, 'testFailure');
  t.is(totals.test.file, join(RUNNERS, 'failing.test.mjs'));
  const own = totals.frames.find((frame) => frame.kind === 'user');
  t.is(variables(own).total, 7);
  t.is(byTest['checkout > charges the card'].dump.errorSummary.name, 'TypeError');

  const lines = hooked.stderr.trim().split('\n').filter((line) => line.startsWith('wipeout:'));
  // The test files' children run at once: the order of the lines is theirs.
  t.deepEqual(lines.map((line) => line.replace(/ saved to .*/, '')).sort(), ['wipeout: test "checkout > charges the card" failed:', 'wipeout: test "totals an order" failed:']);
  for (const { path } of Object.values(byTest)) t.true(lines.some((line) => line.includes(`saved to ${path} — open it with: `)), path);
  t.false(existsSync(join(hooked.folder, 'index.jsonl')), 'the index is gone after the run');
});

test('a passing run leaves nothing behind and prints nothing of wipeout', async (t) => {
  const hooked = await nodeTest('passing.test.mjs', { hook: true });
  t.is(hooked.code, 0);
  t.false(existsSync(hooked.folder));
  t.notRegex(hooked.stderr, /wipeout/);
});

test('a run saves the first WIPEOUT_TEST_MAX_DUMPS failures and says how many more it did not', async (t) => {
  const hooked = await nodeTest('failing.test.mjs', { hook: true, env: { WIPEOUT_TEST_MAX_DUMPS: '1' } });
  t.is(readDumps(hooked.folder).length, 1);
  t.regex(hooked.stderr, /^wipeout: 1 more failing test was not saved \(the first 1 of a run are; WIPEOUT_TEST_MAX_DUMPS\)$/m);
});

test('a dump of a failing test says so in show', async (t) => {
  const hooked = await nodeTest('failing.test.mjs', { hook: true });
  const { path } = readDumps(hooked.folder).find(({ dump }) => dump.test.name === 'totals an order');
  const shown = await run(NODE, [fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)), 'show', path]);
  t.regex(shown.stdout, /^test "totals an order" failed in pid \d+/m);
  t.regex(shown.stdout, /^ {4}total = 7$/m);
});

test('a program a test starts is no test file: its crash exits 1 and says where its dump went, as outside a run', async (t) => {
  const dump = join(freshDir(), 'child.wipeout');
  const hooked = await nodeTest('spawns-crash.test.mjs', { hook: true, env: { PRELOAD: pathToFileURL(PRELOAD).href, CHILD_DUMP: dump } });
  t.is(hooked.code, 0, hooked.stdout);
  t.true(existsSync(dump));
});
