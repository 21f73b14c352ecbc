// Many crashes at once, a crash loop, and a kill in the middle of writing: no dump lost, none
// overwritten, none half-written under its final name, the per-minute cap held, memory flat.
import test from 'ava';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeDump } from '../../dist/dump/index.js';
import { loadDump } from '../../dist/loader/index.js';
import { freshDir, NODE, PRELOAD, runFixture } from '../helpers/crash-run.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';
import { startS3Server } from '../helpers/storage-s3-server.js';
import { runCli } from '../helpers/cli-run.js';

const RELIABILITY = fileURLToPath(new URL('../fixtures/reliability/', import.meta.url));
const HOOK = ['--import', pathToFileURL(PRELOAD).href];

/** The environment of a fixture: the runner's, minus what would change how it runs. */
function fixtureEnv(extra) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS' || name.startsWith('AVA')) delete env[name];
  return { ...env, ...extra };
}

/** Starts `count` at-signal.cjs processes, waits until all are ready, then makes them crash together. */
async function crashTogether(count, env) {
  const dir = freshDir();
  const go = join(dir, 'go');
  const children = Array.from({ length: count }, () => {
    const child = spawn(NODE, [...HOOK, join(RELIABILITY, 'at-signal.cjs'), go], { cwd: dir, env: fixtureEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const run = { child, stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk) => (run.stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (run.stderr += chunk));
    run.ready = new Promise((resolve) => child.stdout.on('data', () => run.stdout.includes('ready') && resolve()));
    run.exit = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    return run;
  });
  await Promise.all(children.map((run) => run.ready));
  writeFileSync(go, '');
  const codes = await Promise.all(children.map((run) => run.exit));
  return { dir, children, codes };
}

test('50 processes crashing at once into the same folder and name: none lost, none overwritten', async (t) => {
  const target = freshDir();
  const { children, codes } = await crashTogether(50, { WIPEOUT_FILE: join(target, 'crash.wipeout') });
  t.deepEqual(codes, Array(50).fill(1));
  const names = readdirSync(target).filter((name) => name.endsWith('.wipeout'));
  t.is(names.length, 50, names.join(' '));
  const pids = new Set();
  for (const name of names) {
    const model = await loadDump(join(target, name));
    pids.add(model.process.pid);
    t.regex(model.exception.message, new RegExp(`^crash of ${model.process.pid}$`));
  }
  t.is(pids.size, 50);
  t.deepEqual(children.map((run) => run.child.pid).sort(), [...pids].sort());
  t.deepEqual(readdirSync(target).filter((name) => !name.endsWith('.wipeout')), [], 'no temporary file is left');
});

test('50 processes crashing at once into one bucket prefix leave 50 distinct, loadable dumps', async (t) => {
  const s3 = await startS3Server();
  t.teardown(s3.stop);
  const { codes } = await crashTogether(50, {
    WIPEOUT_FILE: 's3://test/storm/crash-{pid}-{id}.wipeout',
    WIPEOUT_STORAGE_OPTIONS: JSON.stringify(s3.options),
    // What is tested is fifty writers at once, not the time limit: on a loaded machine half of them
    // once went past the default and kept their dump on local disk instead.
    WIPEOUT_UPLOAD_TIMEOUT: '120000',
  });
  t.deepEqual(codes, Array(50).fill(1));
  const { listObjects } = await import('../../dist/storage/index.js');
  const objects = (await listObjects('s3://test/storm/', s3.options)).filter((o) => o.name.endsWith('.wipeout'));
  t.is(objects.length, 50);
  const pids = new Set();
  for (const object of objects) pids.add((await loadDump(object.url, { storageOptions: s3.options })).process.pid);
  t.is(pids.size, 50);
});

test('a crash loop writes at most WIPEOUT_MAX_PER_MINUTE dumps and its memory stays flat', async (t) => {
  const runs = [[{}, 10], [{ WIPEOUT_MAX_PER_MINUTE: '3' }, 3]];
  const results = await Promise.all(runs.map(([env]) => runFixture(join(RELIABILITY, 'crash-loop.cjs'), { env })));
  for (const [index, [, cap]] of runs.entries()) {
    const result = results[index];
    t.is(result.code, 0, result.stderr);
    const { early, late, count } = JSON.parse(result.stdout);
    t.true(count >= 1000, `the loop threw ${count} times`);
    t.is(result.dumps.length, cap);
    t.is(result.stderr.split('\n').filter((line) => line.startsWith('wipeout: ')).length, cap);
    // Loosely: the throws after the cap may not grow the process by half.
    t.true(late < early * 1.5, `RSS ${Math.round(early / 1e6)} MB after 100 throws, ${Math.round(late / 1e6)} MB after ${count}`);
  }
});

/** Every `.wipeout` in a folder decodes and loads: a killed writer may leave a temporary file, never a torn dump. */
async function assertAllLoad(t, dir) {
  const names = readdirSync(dir).filter((name) => name.endsWith('.wipeout'));
  for (const name of names) {
    t.notThrows(() => decodeDump(readFileSync(join(dir, name)), name), `${name} decodes`);
    const model = await loadDump(join(dir, name));
    t.regex(model.exception.message, /^heavy \d+$/, `${name} is the whole dump`);
    model.close();
  }
  return names;
}

/** register/write-dump.ts writes `big.wipeout` first as `.big.wipeout.<12 hex>.tmp`, then links it. */
const TEMPORARY = /^\.big\.wipeout\.[0-9a-f]{12}\.tmp$/;

test('SIGKILL or SIGTERM while a big dump is being written never leaves a half-written dump', async (t) => {
  const timing = await runFixture(join(RELIABILITY, 'big-dump.cjs'), { args: ['1500'], env: { WIPEOUT_LIMITS: '{"items":100000}' } });
  t.is(timing.dumps.length, 1);
  const wholeSize = readFileSync(timing.dumps[0].path).length;
  const rounds = ['SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGTERM', 'SIGKILL'];
  const midWrite = [];
  for (const signal of rounds) {
    const dir = freshDir();
    const child = spawn(NODE, [...HOOK, join(RELIABILITY, 'big-dump.cjs'), '1500'], {
      cwd: dir,
      env: fixtureEnv({ WIPEOUT_FILE: join(dir, 'big.wipeout'), WIPEOUT_LIMITS: '{"items":100000}' }),
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig })));
    // The moment the temporary file appears (inotify), the writer is between creating and linking it.
    let sawTemporary = false;
    const watcher = watch(dir, (_event, name) => {
      if (sawTemporary || !TEMPORARY.test(String(name))) return;
      sawTemporary = true;
      child.kill(signal);
    });
    const { code, sig } = await exited;
    watcher.close();
    t.true(sawTemporary, `${signal} round: the temporary file appeared`);
    // The signal may land only after the writer finished (the watch event is asynchronous): then the
    // crash ended as Node ends it, and the dump must be whole. At least one round must be a real kill.
    if (sig === null) t.is(code, 1, `${signal} round: exited ${code} without the signal`);
    else t.is(sig, signal);
    const names = await assertAllLoad(t, dir);
    const left = readdirSync(dir).filter((name) => TEMPORARY.test(name));
    if (left.length > 0 && names.length === 0) {
      // Killed before the link: the partial bytes stay under the temporary name only.
      midWrite.push(`${signal}: ${readFileSync(join(dir, left[0])).length} of ${wholeSize} bytes`);
    } else {
      // Killed after the link: the final name holds the whole (loaded above) dump.
      t.deepEqual(names, ['big.wipeout'], `${signal} round: ${readdirSync(dir).join(' ')}`);
    }
  }
  t.log(`killed before the rename: ${midWrite.join(', ') || 'none'}`);
  t.true(midWrite.length > 0, 'at least one round was killed while the dump was being written');
});

// On Node 24 and 26 the storm of scripts once crashed the process (SIGSEGV): the debugger was
// turned off from inside the compile's scriptParsed event. The throws come back to back (one turn
// of the event loop), so the hook turns the debugger off rather than pausing only at uncaught ones.
for (const storm of ['throws', 'scripts']) {
  test(`a crash in the cool-down after a storm of ${storm} gets a stack-only dump that says why`, async (t) => {
    const result = await runFixture(join(RELIABILITY, 'storm-then-crash.cjs'), { args: [storm] });
    t.is(result.code, 1);
    t.is(result.dumps.length, 1, result.stderr);
    const [{ dump }] = result.dumps;
    t.is(dump.capture.method, 'stack-only');
    t.regex(dump.capture.problems[0], storm === 'throws' ? /^the debugger was off for a cool-down after a storm of handled throws \d+ ms before the crash: / : /^the debugger was off for a cool-down after more than 300 scripts compiled in a second \d+ ms before the crash: /);
    t.like(dump.capture.pausing, { level: 'off', storm });
    const frame = dump.frames.find((frame) => /crashAfterStorm$/.test(frame.functionName));
    t.truthy(frame);
    // The capture turns the debugger back on for its own reads: the script is embedded all the same.
    t.true(dump.sources[frame.source]?.text?.includes('function crashAfterStorm() {'), JSON.stringify(dump.sources[frame.source]));
    // show says it in its first lines, so that empty frames are not read as frames without variables.
    const shown = await runCli(['show', result.dumps[0].path]);
    t.is(shown.code, 0, shown.stderr);
    t.true(shown.stdout.split('\n')[2].startsWith(`no locals: ${dump.capture.problems[0]}`), shown.stdout.split('\n').slice(0, 3).join('\n'));
  });

  test(`after the cool-down that follows a storm of ${storm}, a crash has its locals again`, async (t) => {
    const result = await runFixture(join(RELIABILITY, 'storm-then-crash.cjs'), { args: [storm, '2500'] });
    t.is(result.code, 1);
    t.is(result.dumps.length, 1, result.stderr);
    const [{ dump }] = result.dumps;
    t.is(dump.capture.method, 'pause');
    t.is(prop(deref(dump, variables(frameNamed(dump, 'crashAfterStorm')).order), 'id'), 7);
  });
}
