// What the hook reads and runs at a crash or a throw. A source map may name any file, and a
// program may patch the built-ins the hook would use: neither may leak, hang or change the program.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { FIXTURES, NODE, PRELOAD, freshDir, userVisible, withoutHookLine } from '../helpers/crash-run.js';

const SECRET = 'sk_live_9fQ2xW7mZpL4vR8tY1uK3nB6';
const BARE = join(FIXTURES, 'bare-pausing-session.cjs');

/** Runs `node [hook] script`, killed after `ms`; resolves with the outcome and the dumps' JSON text. */
function runBounded(script, { hook = true, env = {}, cwd, ms = 20_000, preload } = {}) {
  const dir = cwd ?? freshDir();
  const clean = { ...process.env };
  for (const name of Object.keys(clean)) if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS' || name.startsWith('AVA') || name === 'NODE_CHANNEL_FD') delete clean[name];
  const args = [...(hook ? ['--import', pathToFileURL(PRELOAD).href] : []), ...(preload ? ['-r', preload] : []), script];
  return new Promise((resolve) => {
    const child = spawn(NODE, args, { cwd: dir, env: { ...clean, WIPEOUT_FILE: join(dir, 'dumps', 'crash-{pid}.wipeout'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk.length > 100_000 ? chunk.slice(0, 100_000) : chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let dumps = [];
      try {
        dumps = readdirSync(join(dir, 'dumps')).map((name) => gunzipSync(readFileSync(join(dir, 'dumps', name))).toString('utf8'));
      } catch {
        // no dumps folder
      }
      resolve({ code, signal, stdout, stderr, timedOut, dumps, dir });
    });
  });
}

/** A crashing script in `dir` whose source map (inline, or at `mapUrl`) is `map`. */
function crashingScript(dir, { map, mapUrl }) {
  const script = join(dir, 'app.js');
  const url = mapUrl ?? `data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
  writeFileSync(script, `function boom() { const count = 2; throw new Error('boom ' + count); }\nboom();\n//# sourceMappingURL=${url}\n`);
  return script;
}

const mapTo = (sources, extra = {}) => ({ version: 3, file: 'app.js', sources, names: [], mappings: 'AAAA;AACA', ...extra });

/** The crash as Node prints it without the hook, next to the hook's run. */
async function sameAsPlain(t, script, withHook, cwd) {
  const plain = await runBounded(script, { hook: false, cwd });
  t.is(withHook.code, plain.code, 'the exit code is unchanged');
  // From the error line on: any --import preload moves Node's source header (docs/capture.md).
  const fromError = (text) => text.slice(text.indexOf('Error: boom')).replace(/\n+$/, '');
  t.is(fromError(userVisible(withoutHookLine(withHook.stderr))), fromError(userVisible(plain.stderr)), 'Node prints the same');
}

test('a source map naming /proc/self/environ embeds no environment', async (t) => {
  const dir = freshDir();
  const script = crashingScript(dir, { map: mapTo(['/proc/self/environ']) });
  const run = await runBounded(script, { cwd: dir, env: { PAYMENT_TOKEN: SECRET } });
  t.false(run.timedOut);
  t.is(run.code, 1);
  t.is(run.dumps.length, 1, run.stderr);
  t.false(run.dumps[0].includes(SECRET), 'the secret is not in the dump');
  t.false(run.dumps[0].includes('PAYMENT_TOKEN='), 'the raw environment is not in the dump');
  const sources = JSON.parse(run.dumps[0]).sources.filter((source) => source.file === '/proc/self/environ');
  t.is(sources.length, 1);
  t.is(sources[0].text, undefined);
  t.regex(sources[0].missing, /not read: \/proc\/\d+\/environ is not a source file/);
});

test('a source map naming a file outside the program\'s folders embeds nothing of it', async (t) => {
  const dir = freshDir();
  const outside = join(freshDir(), 'credentials');
  writeFileSync(outside, `aws_secret_access_key = ${SECRET}\n`);
  const run = await runBounded(crashingScript(dir, { map: mapTo([outside]) }), { cwd: dir });
  t.is(run.dumps.length, 1, run.stderr);
  t.false(run.dumps[0].includes(SECRET));
});

test('original sources embedded from a source map pass through the secret checks', async (t) => {
  const dir = freshDir();
  const map = mapTo(['src/app.ts'], { sourcesContent: [`const token = '${SECRET}';\nthrow new Error('boom');\n`] });
  const run = await runBounded(crashingScript(dir, { map }), { cwd: dir, env: { PAYMENT_TOKEN: SECRET } });
  t.is(run.dumps.length, 1, run.stderr);
  t.false(run.dumps[0].includes(SECRET));
  const original = JSON.parse(run.dumps[0]).sources.find((source) => source.role === 'original');
  t.regex(original.text, /const token = '\[redacted\]'/);
});

test('a sourceMappingURL of /dev/zero neither grows the crashing process nor loses the dump', async (t) => {
  const dir = freshDir();
  const script = crashingScript(dir, { mapUrl: '/dev/zero' });
  const run = await runBounded(script, { cwd: dir });
  t.false(run.timedOut, 'it ended');
  t.is(run.signal, null);
  t.is(run.dumps.length, 1, run.stderr);
  t.regex(JSON.parse(run.dumps[0]).capture.problems.join('\n'), /source map was not read: \/dev\/zero is not a source file/);
  await sameAsPlain(t, script, run, dir);
});

test('a named pipe as sourceMappingURL or as an original source never keeps the crashed process alive', async (t) => {
  for (const where of ['map', 'source']) {
    const dir = freshDir();
    const fifo = join(dir, where === 'map' ? 'app.js.map' : 'app.ts');
    execFileSync('mkfifo', [fifo]);
    const script = where === 'map' ? crashingScript(dir, { mapUrl: 'app.js.map' }) : crashingScript(dir, { map: mapTo(['app.ts']) });
    const run = await runBounded(script, { cwd: dir, ms: 15_000 });
    t.false(run.timedOut, `${where}: it ended`);
    t.is(run.code, 1, `${where}: ${run.stderr}`);
    t.is(run.dumps.length, 1, where);
  }
});

test('folders made for WIPEOUT_FILE are 0700 under umask 000', async (t) => {
  const dir = freshDir();
  const script = join(dir, 'app.js');
  writeFileSync(script, "process.umask(0); setImmediate(() => { throw new Error('late') });\n");
  const run = await runBounded(script, { cwd: dir, env: { WIPEOUT_FILE: join(dir, 'a', 'b', 'crash-{pid}.wipeout') } });
  t.is(run.code, 1, run.stderr);
  for (const folder of ['a', 'a/b']) t.is(statSync(join(dir, folder)).mode & 0o777, 0o700, folder);
  const [name] = readdirSync(join(dir, 'a', 'b'));
  t.is(statSync(join(dir, 'a', 'b', name)).mode & 0o777, 0o600);
});

const PROBE = `
const fs = require('node:fs');
const log = (what) => fs.appendFileSync(process.env.TRACE_FILE, what + '\\n');
const realFor = Symbol.for;
Symbol.for = function (key) { log('Symbol.for ' + String(key)); if (String(key).startsWith('wipeout')) throw new Error('patched'); return realFor.call(Symbol, key); };
Error.prepareStackTrace = (error, sites) => { log('prepareStackTrace'); return 'formatted ' + sites.length; };
function handled(i) {
  const e = new Error('handled ' + i);
  e.name = { toString() { log('name toString'); return 'Named'; } };
  try { throw e; } catch {}
}
for (let i = 0; i < 3; i++) handled(i);
console.log('ended normally');
if (process.env.CRASH) throw new Error('crash');
`;

/** The probe's calls into program code, counted. */
function calls(file) {
  const counts = {};
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

for (const crash of [false, true]) {
  test(`at ${crash ? 'a crash' : 'handled throws'}, the hook calls no patched Symbol.for, and the program's prepareStackTrace and name toString only as V8's first pause does`, async (t) => {
    const dir = freshDir();
    const script = join(dir, 'probe.cjs');
    writeFileSync(script, PROBE);
    const env = crash ? { CRASH: '1' } : {};
    const bare = await runBounded(script, { hook: false, preload: BARE, cwd: dir, env: { ...env, TRACE_FILE: join(dir, 'bare.trace') } });
    const hooked = await runBounded(script, { cwd: dir, env: { ...env, TRACE_FILE: join(dir, 'hook.trace') } });
    t.false(hooked.timedOut, 'the program ends with the hook');
    t.is(hooked.code, bare.code);
    t.is(hooked.stdout, 'ended normally\n');
    // The bare session pauses at all three handled throws, and V8 describes each error (its name,
    // its stack through the formatter). The hook pauses at the first only: then it sees the
    // program's own formatter and pauses only where V8 predicts a throw escapes.
    const hookCalls = calls(join(dir, 'hook.trace'));
    const bareCalls = calls(join(dir, 'bare.trace'));
    t.deepEqual(Object.keys(hookCalls).filter((what) => what.startsWith('Symbol.for')), []);
    for (const [what, count] of Object.entries(hookCalls)) t.true(count <= (bareCalls[what] ?? 0), `${what}: ${count} with the hook, ${bareCalls[what] ?? 0} with a bare session`);
    t.is(hookCalls.prepareStackTrace, bareCalls.prepareStackTrace - 2, 'the second and third handled throws were not formatted');
    if (crash) t.is(hooked.dumps.length, 1, hooked.stderr);
  });
}

// A fake clock (sinon's, jest's) replaces the timer globals and never fires what it is given.
const FAKE_TIMERS = `
const fs = require('node:fs');
const log = (what) => fs.appendFileSync(process.env.TRACE_FILE, what + '\\n');
for (const name of ['setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'queueMicrotask']) {
  globalThis[name] = function fake() { log(name); };
}
function handled(i) { try { throw new Error('handled ' + i); } catch {} }
for (let i = 0; i < 5; i++) handled(i);
console.log('ended normally');
function checkout() { const order = { id: 7 }; throw new Error('order ' + order.id + ' failed'); }
if (process.env.CRASH) checkout();
`;

for (const crash of [false, true]) {
  test(`under fake timers, the hook ${crash ? 'saves a crash' : 'pauses at handled throws'} without calling them`, async (t) => {
    const dir = freshDir();
    const script = join(dir, 'fake-timers.cjs');
    writeFileSync(script, FAKE_TIMERS);
    const trace = join(dir, 'hook.trace');
    writeFileSync(trace, '');
    const hooked = await runBounded(script, { cwd: dir, env: { TRACE_FILE: trace, ...(crash ? { CRASH: '1' } : {}) } });
    t.false(hooked.timedOut);
    t.is(hooked.code, crash ? 1 : 0, hooked.stderr);
    t.is(hooked.stdout, 'ended normally\n');
    t.is(readFileSync(trace, 'utf8'), '', 'the hook called none of the program\'s timer functions');
    if (!crash) return;
    t.is(hooked.dumps.length, 1, hooked.stderr);
    const dump = JSON.parse(hooked.dumps[0]);
    t.is(dump.capture.method, 'pause');
    t.is(dump.frames[0].functionName, 'checkout');
  });
}
