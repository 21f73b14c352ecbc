// What a crafted dump can make the loader read: a dump comes from a bucket others can write to, so
// the paths it names, the sizes it claims and the types of its fields are all the attacker's.
import { execFileSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { attachAndStop, closeClient, connect, startServer, within } from '../helpers/dap-server.js';
import { makeKeyPair } from '../helpers/security-age-keys.js';
import { runCliBounded, writeRaw } from '../helpers/security-hostile.js';
import { sampleDump, sha256, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';
import { loadDump } from '../../dist/loader/index.js';

/** The sample dump whose first source has no text and names `file` with `hash`. */
function naming(file, hash) {
  const dump = sampleDump();
  dump.sources[0] = { ...dump.sources[0], file, url: `file://${file}`, text: undefined, sha256: hash };
  for (const frame of dump.frames) if (frame.source === 0) Object.assign(frame, { file, url: `file://${file}` });
  return dump;
}

function ended(t, run, what) {
  t.false(run.timedOut, `${what} ended in time`);
  t.is(run.signal, null, what);
}

test('a source naming /dev/zero, a named pipe or /proc/self/environ is never read, even with --local-sources', async (t) => {
  const dir = tempDir('wipeout-paths-');
  const fifo = join(dir, 'pipe.js');
  execFileSync('mkfifo', [fifo]);
  for (const file of ['/dev/zero', fifo, '/proc/self/environ']) {
    const path = writeDump(naming(file, 'a'.repeat(64)));
    for (const extra of [[], ['--local-sources']]) {
      const run = await runCliBounded(['show', path, ...extra], { timeoutMs: 20_000, heapMb: 128 });
      ended(t, run, `show ${file} ${extra}`);
      t.is(run.code, 0, run.stderr);
      t.notRegex(run.stdout, /PATH=|HOME=/, 'no environment in the output');
    }
  }
});

test('a matching local file is shown only when --local-sources asks to compare with local files', async (t) => {
  const secret = join(tempDir('wipeout-secret-'), 'passwd');
  const text = 'root:x:0:0:root-of-all-secrets:/root:/bin/bash\n';
  writeFileSync(secret, text);
  const path = writeDump(naming(secret, sha256(text)));
  const plain = await loadDump(path);
  t.is(plain.source(1).origin, 'missing');
  t.is(plain.sourceText(1), undefined);
  t.regex(plain.source(1).missing, /--local-sources compares it with/);
  const asked = await loadDump(path, { localSources: true });
  t.regex(asked.sourceText(1), /root-of-all-secrets/, 'the user asked for it, and the file is a regular file that matches');
  plain.close();
  asked.close();
});

test('the DAP server keeps serving when a dump names a named pipe as a local source', async (t) => {
  const fifo = join(tempDir('wipeout-pipe-'), 'app.js');
  execFileSync('mkfifo', [fifo]);
  const server = await startServer(writeDump(naming(fifo, 'b'.repeat(64))), ['--local-sources']);
  t.teardown(() => server.stop());
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  const { stopped } = await attachAndStop(dc);
  const { body } = await within(dc.stackTraceRequest({ threadId: stopped.body.threadId }), 'stackTrace', 5000);
  t.true(body.stackFrames.length > 0);
  const loaded = await within(dc.send('loadedSources', {}), 'loadedSources', 5000);
  t.true(loaded.body.sources.length > 0);
});

test('list refuses a file larger than any dump before reading it, shows it as one row and goes on', async (t) => {
  const dir = tempDir('wipeout-list-big-');
  writeDump(sampleDump(), { dir, name: 'good.wipeout' });
  for (const name of ['huge-1.wipeout', 'huge-2.wipeout', 'huge-3.wipeout']) {
    const file = join(dir, name);
    writeFileSync(file, gzipSync('x'));
    truncateSync(file, 1900 * 1024 * 1024); // sparse: 1.9 GB that takes no disk
  }
  const run = await runCliBounded(['list', dir], { heapMb: 128, timeoutMs: 20_000 });
  ended(t, run, 'list');
  t.is(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  t.is(lines.length, 4, run.stdout);
  t.is(lines.filter((line) => /unreadable: huge-\d\.wipeout is 1900 MB, larger than any dump wipeout opens/.test(line)).length, 3, run.stdout);
  t.regex(run.stdout, /TypeError: Cannot read properties of null.*good\.wipeout/);
});

test('a 400 kB gzip that inflates to an endless table is refused while inflating, within a 512 MB heap', async (t) => {
  const json = JSON.stringify(sampleDump());
  for (const [key, count] of [['objects', 200_000_000], ['objects', 30_000_000], ['frames', 30_000_000]]) {
    const text = json.replace(`"${key}":[`, `"${key}":[0${',0'.repeat(count)},`);
    const run = await runCliBounded(['show', writeRaw(gzipSync(text, { level: 9 }))], { heapMb: 512, timeoutMs: 60_000 });
    ended(t, run, `${key} × ${count}`);
    t.is(run.code, 1, `${key} × ${count}: ${run.stderr}`);
    t.regex(run.stderr, /larger than 128 MB once decompressed|more than 4,000,000 objects|"frames" has 30,000,00\d entries/);
  }
});

test('an age header with 20,000 recipient stanzas is refused before age tries them', async (t) => {
  const { identityFile } = await makeKeyPair();
  const stanza = '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nEmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n';
  const path = writeRaw(Buffer.from(`age-encryption.org/v1\n${stanza.repeat(20_000)}--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n${'x'.repeat(100)}`), 'many.wipeout');
  const started = Date.now();
  const run = await runCliBounded(['show', path, '--identity', identityFile], { timeoutMs: 20_000 });
  ended(t, run, 'show');
  t.is(run.code, 1);
  t.regex(run.stderr, /its age header has \d+ or more recipient stanzas, more than the 64 wipeout accepts/);
  // 20,000 stanzas took age 13 s of CPU; the refusal comes before age parses the header.
  t.true(Date.now() - started < 12_000, `took ${Date.now() - started} ms`);
});

const DEEP = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
/** Header fields a dump may get wrong, each as JSON text that replaces the field's value. */
const DAMAGE = [
  ['process.hostname', '{"toString":1}'],
  ['process.hostname', DEEP],
  ['process.argv', DEEP],
  ['process.versions', '{"node":{"valueOf":2}}'],
  ['process.pid', '{"toString":1}'],
  ['time', DEEP],
  ['id', DEEP],
  ['errorSummary.message', DEEP],
  ['capture.problems', '[{"toString":1}]'],
];

/** gzip text of the sample dump with `field` replaced by the JSON text `value`. */
function damaged(field, value) {
  const dump = sampleDump();
  const path = field.split('.');
  let holder = dump;
  for (const key of path.slice(0, -1)) holder = holder[key] ??= {};
  holder[path.at(-1)] = '@DAMAGE@';
  return JSON.stringify(dump).replace('"@DAMAGE@"', value);
}

test('wrong-typed and 200,000-deep header fields are malformed markers in show, show --json and the debugger', async (t) => {
  for (const [field, value] of DAMAGE) {
    const what = `${field} = ${value.slice(0, 20)}`;
    const path = writeRaw(gzipSync(damaged(field, value)));
    const shown = await runCliBounded(['show', path]);
    ended(t, shown, what);
    t.is(shown.code, 0, `show, ${what}: ${shown.stderr}`);
    const json = await runCliBounded(['show', '--json', path]);
    t.is(json.code, 0, `show --json, ${what}: ${json.stderr}`);
    t.notThrows(() => JSON.parse(json.stdout), what);
    const repl = await runCliBounded(['load', path, '--debugger', 'repl'], { input: 'info\nbt\nquit\n' });
    ended(t, repl, what);
    t.is(repl.code, 0, `repl, ${what}: ${repl.stderr}`);
    t.regex(`${shown.stdout}${json.stdout}${repl.stdout}`, /‹malformed: expected/, what);
  }
});

test('list shows a dump with malformed header fields as a row and lists the others', async (t) => {
  const dir = tempDir('wipeout-list-bad-');
  writeDump(sampleDump(), { dir, name: 'good.wipeout' });
  for (const [index, [field, value]] of DAMAGE.entries()) writeFileSync(join(dir, `bad-${index}.wipeout`), gzipSync(damaged(field, value)));
  const run = await runCliBounded(['list', dir]);
  t.is(run.code, 0, run.stderr);
  t.is(run.stdout.trim().split('\n').length, DAMAGE.length + 1, run.stdout);
  const json = await runCliBounded(['list', '--json', dir]);
  t.is(json.code, 0, json.stderr);
  t.is(JSON.parse(json.stdout).length, DAMAGE.length + 1);
});

test('DAP attach to a dump with malformed header fields answers once and sends stopped', async (t) => {
  for (const [field, value] of DAMAGE.slice(0, 3)) {
    const server = await startServer(writeRaw(gzipSync(damaged(field, value))));
    const dc = await connect(server.port);
    try {
      const responses = [];
      dc.on('response', () => {});
      const socket = dc._socket;
      socket.on('data', (chunk) => responses.push(...(String(chunk).match(/"command":"attach"/g) ?? [])));
      const { attach, stopped } = await attachAndStop(dc);
      t.true(attach.success, field);
      t.is(stopped.body.reason, 'exception', field);
      const { body } = await within(dc.threadsRequest(), 'threads');
      t.is(body.threads.length, 1);
      t.is(responses.length, 1, `${field}: one attach response`);
    } finally {
      await closeClient(dc);
      await server.stop();
    }
  }
});
