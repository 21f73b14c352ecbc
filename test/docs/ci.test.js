// Issue 16: docs/ci.md's recipes, run for real in a fresh project with a failing node:test suite
// and wipeout installed: the GitHub Actions workflow (read from the page, its `run:` steps in
// bash) and the shell script. Then, as after a download, each printed command in a second checkout.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { NODE } from '../helpers/crash-run.js';
import { within } from '../helpers/dap-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNERS = fileURLToPath(new URL('../fixtures/test-runners/', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const blocks = (language) => [...DOC.matchAll(new RegExp('```' + language + '\\n([^]*?)```', 'g'))].map((m) => m[1]);

/** A project that installed wipeout (this checkout, linked as npm links a dependency) with a test suite. */
function project(suite) {
  const dir = tempDir('wipeout-ci-');
  mkdirSync(join(dir, 'test'));
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/wipeout'));
  symlinkSync('../wipeout/dist/cli/main.js', join(dir, 'node_modules/.bin/wipeout'));
  copyFileSync(join(RUNNERS, suite), join(dir, 'test', suite));
  copyFileSync(join(RUNNERS, 'passing.test.mjs'), join(dir, 'test/passing.test.mjs'));
  return dir;
}

/** The environment of a CI job: none of this run's own settings, and the Node under test first on PATH. */
function jobEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(WIPEOUT|AVA|NODE_OPTIONS|NODE_TEST)/.test(name)) env[name] = value;
  return { ...env, PATH: `${dirname(NODE)}${delimiter}${process.env.PATH}`, NO_COLOR: '1', ...extra };
}

/** Runs `bash -e -c script` (GitHub's default shell) or another command; `{ code, stdout, stderr }`. */
function sh(command, args, { cwd, env, input = '' }) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

// Durations differ from run to run; nothing else may.
const timeless = (text) => text.replace(/\(\d+(\.\d+)?ms\)/g, '(…ms)').replace(/duration_ms \d+(\.\d+)?/g, 'duration_ms …');

/** The same tests without wipeout: what the recipe's test step must print and exit with. */
const plainRun = (dir) => sh('node', ['--test', '--test-reporter=spec'], { cwd: dir, env: jobEnv() });

/** `{ name, commands: [show, load, dap, inspect] }` for each block `wipeout list --commands` printed. */
function printedCommands(stdout) {
  return stdout.split('\n\n').filter((block) => /\.wipeout: /.test(block)).map((block) => {
    const [head, ...lines] = block.trim().split('\n').filter((line) => !line.startsWith('In your checkout') && !line.startsWith('wipeout: dumps in'));
    return { name: head.slice(0, head.indexOf(': ')), commands: lines.map((line) => line.replace(/ +# .*$/, '').trim()) };
  });
}

/**
 * In a second checkout holding the downloaded dumps, runs a dump's printed commands as a reader
 * pastes them (ports 4711 and 9229 made 0, free ones): each must open the dump.
 */
async function openAsPrinted(t, checkout, { name, commands }) {
  const [show, load, dap, inspect] = commands;
  t.is(commands.length, 4, commands.join('\n'));
  const env = jobEnv();
  const shown = await sh('bash', ['-c', show], { cwd: checkout, env });
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /^test ".+" failed in pid \d+/m, `${name}: ${shown.stdout.slice(0, 300)}`);
  const debuggerRun = await sh('bash', ['-c', load], { cwd: checkout, env: { ...env, WIPEOUT_HISTORY: join(checkout, 'history') }, input: 'bt\nquit\n' });
  t.is(debuggerRun.code, 0, debuggerRun.stderr);
  t.regex(debuggerRun.stdout, /#0 /);
  await t.notThrowsAsync(listens(checkout, dap.replace('--dap 4711', '--dap 0'), /on \[?[\w.:]+?\]?:\d+:/), dap);
  await t.notThrowsAsync(listens(checkout, inspect.replace('--inspect 9229', '--inspect 0'), /on ws:\/\/\S+ paused|on ws:\/\/\S+: paused/), inspect);
}

/** Starts a server command (npx and its node child, one process group) until it prints `ready`; then stops it. */
async function listens(cwd, command, ready) {
  const child = spawn('bash', ['-c', command], { cwd, env: jobEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const exited = new Promise((done) => child.on('close', done));
  try {
    await within(new Promise((done, fail) => {
      const seen = (chunk) => {
        out += chunk;
        if (ready.test(out)) done();
      };
      child.stdout.setEncoding('utf8').on('data', seen);
      child.stderr.setEncoding('utf8').on('data', seen);
      exited.then((code) => fail(new Error(`${command} exited (${code}) before listening: ${out}`)));
    }), `listening line of ${command}`, 30_000);
  } finally {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // Gone already.
    }
    await exited;
  }
}

/** Copies the dumps into a fresh checkout under the same folder name, as `gh run download -D` does. */
function download(from) {
  const checkout = project('passing.test.mjs');
  cpSync(from, join(checkout, 'wipeout-dumps'), { recursive: true });
  return checkout;
}

test('the GitHub Actions workflow of docs/ci.md keeps each failing test\'s dump and prints commands that open it', async (t) => {
  const [workflowText] = blocks('yaml');
  const job = parse(workflowText).jobs.test;
  const dir = project('failing.test.mjs');
  const github = (text) => String(text).replace(/\$\{\{\s*github\.workspace\s*\}\}/g, dir).replace(/\$\{\{\s*github\.run_id\s*\}\}/g, '4242');
  const env = jobEnv(Object.fromEntries(Object.entries(job.env).map(([name, value]) => [name, github(value)])));
  const dumps = resolve(env.WIPEOUT_TEST_DUMPS);

  let failed = false;
  let testStep;
  let printStep;
  let artifact;
  for (const step of job.steps) {
    // After a failing step, GitHub runs only the steps whose `if` says so.
    if (failed && !/!cancelled\(\)|always\(\)|failure\(\)/.test(step.if ?? '')) continue;
    if (step.uses?.startsWith('actions/upload-artifact@')) {
      artifact = step.with;
      t.is(resolve(dir, artifact.path), dumps, 'the artifact is the dumps folder');
      continue;
    }
    // Checkout, setup-node and npm ci made the project already.
    if (step.uses || step.run === 'npm ci') continue;
    const result = await sh('bash', ['-e', '-c', github(step.run)], { cwd: dir, env });
    if (result.code !== 0) failed = true;
    if (!testStep) testStep = result;
    else printStep = result;
  }
  const plain = await plainRun(dir);
  t.not(plain.code, 0);
  t.is(testStep.code, plain.code, 'the test step fails as the tests do');
  t.is(timeless(testStep.stdout), timeless(plain.stdout), 'the tests print what they print without wipeout');
  t.truthy(artifact, 'the dumps are uploaded after a failing test step');

  const names = readdirSync(dumps).filter((name) => name.endsWith('.wipeout')).sort();
  t.is(names.length, 2, readdirSync(dumps).join(', '));
  t.truthy(printStep, 'the commands are printed after a failing test step');
  t.regex(printStep.stdout, new RegExp(`^In your checkout: gh run download 4242 -n ${artifact.name} -D wipeout-dumps$`, 'm'));
  const printed = printedCommands(printStep.stdout);
  t.deepEqual(printed.map((p) => p.name).sort(), names);
  const checkout = download(dumps);
  for (const dump of printed) {
    t.true(dump.commands.every((command) => command.startsWith(`npx --no-install wipeout `) && command.includes(` wipeout-dumps/${dump.name}`)), dump.commands.join('\n'));
    await openAsPrinted(t, checkout, dump);
  }
});

test('the shell script of docs/ci.md runs any test command, keeps the dumps and prints commands that open them', async (t) => {
  const dir = project('failing.test.mjs');
  const script = join(dir, 'node_modules/wipeout/docs/ci-run-tests.sh');
  t.true(DOC.includes('sh node_modules/wipeout/docs/ci-run-tests.sh node --test --import wipeout/register'), 'the page shows the command this test runs');
  const run = await sh('sh', [script, 'node', '--test', '--import', 'wipeout/register', '--test-reporter=spec'], { cwd: dir, env: jobEnv() });
  const plain = await plainRun(dir);
  t.is(run.code, plain.code, 'the script exits with the tests\' status');
  const [before, after] = run.stdout.split(/^wipeout: dumps in /m);
  t.is(timeless(before), timeless(plain.stdout), 'the tests print what they print without wipeout');
  t.regex(after, /^wipeout-dumps\/; download them into wipeout-dumps\/ in your checkout, then run one of:$/m);
  const names = readdirSync(join(dir, 'wipeout-dumps')).filter((name) => name.endsWith('.wipeout')).sort();
  t.is(names.length, 2);
  const printed = printedCommands(`wipeout: dumps in ${after}`);
  t.deepEqual(printed.map((p) => p.name).sort(), names);
  const checkout = download(join(dir, 'wipeout-dumps'));
  await openAsPrinted(t, checkout, printed[0]);
});

test('the shell script leaves nothing behind and prints nothing of wipeout when the tests pass', async (t) => {
  const dir = project('passing.test.mjs');
  const run = await sh('sh', [join(ROOT, 'docs/ci-run-tests.sh'), 'node', '--test', '--import', 'wipeout/register'], { cwd: dir, env: jobEnv() });
  t.is(run.code, 0, run.stderr);
  t.notRegex(run.stdout + run.stderr, /wipeout/);
  t.false(existsSync(join(dir, 'wipeout-dumps')));
});
