import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from '../helpers/cli-run.js';
import { makeDump, sampleDump, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';

function folder() {
  const dir = tempDir('wipeout-list-');
  writeDump({ ...sampleDump(), time: '2026-11-24T08:00:00.000Z' }, { dir, name: 'older.wipeout' });
  writeDump(makeDump({ time: '2026-11-25T09:30:00.000Z', errorSummary: { name: 'RangeError', message: 'newest', causes: [] } }), { dir, name: 'newer.wipeout' });
  writeFileSync(join(dir, 'broken.wipeout'), 'not a dump');
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  return dir;
}

test('list shows one line per dump, newest first, and unreadable files as such', async (t) => {
  const { code, stdout } = await runCli(['list', folder()]);
  t.is(code, 0);
  const lines = stdout.trim().split('\n');
  t.is(lines.length, 3);
  t.regex(lines[0], /unreadable: broken\.wipeout is not a wipeout dump.*broken\.wipeout$/);
  t.regex(lines[1], /^2026-11-25 09:30:00 UTC +testhost +pid 4242 +RangeError: newest +- +\d+ B +newer\.wipeout$/);
  t.regex(lines[2], /^2026-11-24 08:00:00 UTC +testhost +pid 4242 +TypeError: Cannot read properties of null \(reading 'tax'\) +Order\.total \(\/app\/src\/order\.ts:12\) +[\d.]+ kB +older\.wipeout$/);
});

test('list --json is for scripts', async (t) => {
  const { code, stdout } = await runCli(['list', '--json', folder()]);
  t.is(code, 0);
  const entries = JSON.parse(stdout);
  const readable = entries.filter((e) => !e.unreadable);
  t.deepEqual(readable.map((e) => e.name), ['newer.wipeout', 'older.wipeout']);
  t.is(readable[1].topFrame, 'Order.total (/app/src/order.ts:12)');
  t.is(readable[1].pid, 4242);
  t.regex(entries.find((e) => e.unreadable).unreadable, /not a wipeout dump/);
});

test('a folder that does not exist is one line and exit 1', async (t) => {
  const { code, stderr } = await runCli(['list', '/nonexistent-dir']);
  t.is(code, 1);
  t.is(stderr, 'Cannot list /nonexistent-dir: no such directory\n');
});

test('a dump in memory:// storage is listed through the storage layer', async (t) => {
  // memory:// lives in one process, so an unknown bucket lists nothing rather than failing.
  const { code, stdout, stderr } = await runCli(['list', 'memory://empty/']);
  t.is(code, 0, stderr);
  t.is(stdout, '');
});

test('list aligns its columns whatever the lengths of hosts, pids and errors', async (t) => {
  const dir = tempDir('wipeout-list-');
  const base = makeDump();
  const crash = (name, host, pid, message) => writeDump(makeDump({ process: { ...base.process, hostname: host, pid }, errorSummary: { name: 'Error', message, causes: [] }, time: `2026-11-2${name.length % 9}T08:00:00.000Z` }), { dir, name });
  crash('a.wipeout', 'h', 7, 'short');
  crash('bb-longer-name.wipeout', 'a-much-longer-hostname', 1234567, 'a considerably longer message than the other one');
  writeFileSync(join(dir, 'broken.wipeout'), 'not a dump');
  const { stdout } = await runCli(['list', dir]);
  const lines = stdout.trimEnd().split('\n');
  t.is(lines.length, 3);
  const starts = (pattern) => lines.map((line) => line.search(pattern));
  const errors = starts(/ (Error|unreadable): /);
  t.true(errors.every((offset) => offset === errors[0] && offset > 0), `${errors}\n${stdout}`);
  // An unreadable file's reason is kept whole, so only the readable rows' names must line up.
  const names = starts(/ \S+\.wipeout$/).filter((_, i) => !lines[i].includes('unreadable'));
  t.true(names.length === 2 && names[0] === names[1], `${names}\n${stdout}`);
  t.true(lines.every((line) => line === line.trimEnd()), 'no trailing blanks');
});
