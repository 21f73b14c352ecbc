// Faults at crash time, with real processes: the dump cannot be written (read-only filesystem,
// full disk, /dev/full, a folder the program may not write to) or its capture fails part-way. The program must behave exactly as without wipeout,
// plus one stderr line.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES, NODE, PRELOAD, freshDir, readDumps, run, runFixture, userVisible, withoutHookLine } from '../helpers/crash-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const RELIABILITY = fileURLToPath(new URL('../fixtures/reliability/', import.meta.url));

/** Mounts a tmpfs with `options` on a fresh folder; undefined where mounting is not allowed. */
function mountTmpfs(options) {
  const dir = tempDir('wipeout-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { dir, unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }) };
}

const canMount = (() => {
  const probe = mountTmpfs('size=16k');
  probe?.unmount();
  return Boolean(probe);
})();
const mounted = canMount ? test : test.skip;
if (!canMount) console.log('crash-faults: tmpfs cannot be mounted here (not root, or no CAP_SYS_ADMIN): the read-only and full-disk tests are skipped');

/**
 * Runs cjs-nested.cjs with the hook writing to `file`, and without the hook, and compares. The
 * dump that cannot go to `file` goes to the temp folder (a fresh one here, as TMPDIR): checked too.
 */
async function crashInto(t, file) {
  const baseline = await runFixture('cjs-nested.cjs', { hook: false });
  const fallback = freshDir();
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT_FILE: file, TMPDIR: fallback } });
  t.is(readDumps(fallback).length, 1, 'the crash is kept in the temp folder');
  t.is(result.code, baseline.code);
  t.is(result.signal, baseline.signal);
  t.is(result.stdout, baseline.stdout);
  t.is(userVisible(withoutHookLine(result.stderr)), userVisible(baseline.stderr));
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('wipeout: '));
  t.is(lines.length, 1, result.stderr);
  return lines[0];
}

mounted('a dump folder on a read-only filesystem costs one line; output and exit code are unchanged', async (t) => {
  const mount = mountTmpfs('ro,size=1m');
  t.teardown(mount.unmount);
  const line = await crashInto(t, join(mount.dir, 'crash.wipeout'));
  t.regex(line, /^wipeout: the crash could not be saved to .* \(.*(EROFS|read-only).*\); it is saved in .* — open it with: /);
  t.deepEqual(readdirSync(mount.dir), []);
});

mounted('a missing folder under a read-only filesystem costs one line', async (t) => {
  const mount = mountTmpfs('ro,size=1m');
  t.teardown(mount.unmount);
  const line = await crashInto(t, join(mount.dir, 'a', 'b', 'crash.wipeout'));
  t.regex(line, /^wipeout: the crash could not be saved to .* \(.*(EROFS|read-only).*\); it is saved in .* — open it with: /);
});

mounted('a full disk costs one line and leaves no partial file, not even a temporary one', async (t) => {
  const mount = mountTmpfs('size=64k');
  t.teardown(mount.unmount);
  // Fill the filesystem to the last block.
  const filler = join(mount.dir, 'filler');
  writeFileSync(filler, '');
  try {
    for (;;) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
  } catch (error) {
    t.is(error.code, 'ENOSPC');
  }
  const line = await crashInto(t, join(mount.dir, 'crash.wipeout'));
  t.regex(line, /^wipeout: the crash could not be saved to .* \(.*ENOSPC.*\); it is saved in /);
  t.deepEqual(readdirSync(mount.dir), ['filler']);
});

mounted('a disk with room for the temporary file but not the whole dump leaves nothing under the final name', async (t) => {
  const mount = mountTmpfs('size=64k');
  t.teardown(mount.unmount);
  // big-dump.cjs makes a dump of megabytes.
  const fallback = freshDir();
  const result = await runFixture(join(RELIABILITY, 'big-dump.cjs'), { args: ['400'], env: { WIPEOUT_FILE: join(mount.dir, 'crash.wipeout'), WIPEOUT_LIMITS: '{"items":100000}', TMPDIR: fallback } });
  t.is(result.code, 1);
  t.regex(result.stderr, /^wipeout: the crash could not be saved to .* \(.*ENOSPC.*\); it is saved in /m);
  t.is(readdirSync(fallback).filter((name) => name.endsWith('.wipeout')).length, 1);
  t.deepEqual(readdirSync(mount.dir), []);
});

test('a dump folder the program may not write to costs one line; output and exit code are unchanged', async (t) => {
  const dir = freshDir();
  chmodSync(dir, 0o555);
  // Root writes anywhere: as root, the program runs without the capability to override file modes,
  // so the folder's mode counts as it would for any other user.
  const [command, prefix] = process.getuid() === 0 ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', NODE]] : [NODE, []];
  const fallback = freshDir();
  const crash = (hookArgs) => run(command, [...prefix, ...hookArgs, join(FIXTURES, 'cjs-nested.cjs')], { cwd: dir, env: { WIPEOUT_FILE: join(dir, 'crash.wipeout'), TMPDIR: fallback } });
  const baseline = await crash([]);
  const result = await crash(['--import', PRELOAD]);
  t.is(baseline.code, 1, baseline.stderr);
  t.is(result.code, baseline.code);
  t.is(result.stdout, baseline.stdout);
  t.is(userVisible(withoutHookLine(result.stderr)), userVisible(baseline.stderr));
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('wipeout: '));
  t.is(lines.length, 1, result.stderr);
  t.regex(lines[0], /^wipeout: the crash could not be saved to .* \(.*EACCES.*\); it is saved in /);
  t.deepEqual(readdirSync(dir), []);
  t.is(readDumps(fallback).length, 1);
});

test('/dev/full as the dump file costs one line', async (t) => {
  const line = await crashInto(t, '/dev/full');
  // Not a place for a dump: writes there fail with ENOSPC, and it is refused before any byte is written.
  t.regex(line, /^wipeout: the crash could not be saved to \/dev\/full \(\/dev\/full exists and is not a regular file\); it is saved in /);
});

test('a dump folder that is a file costs one line', async (t) => {
  const dir = freshDir();
  writeFileSync(join(dir, 'not-a-folder'), '');
  const line = await crashInto(t, join(dir, 'not-a-folder', 'crash.wipeout'));
  t.regex(line, /^wipeout: the crash could not be saved to .* \(.*(ENOTDIR|EEXIST).*\); it is saved in /);
});

test('an existing target in a system folder is not written beside: the crash goes to the temp folder', async (t) => {
  const before = readdirSync('/etc');
  const line = await crashInto(t, '/etc/passwd');
  t.regex(line, /^wipeout: the crash could not be saved to \/etc\/passwd \(\/etc\/passwd exists, and \/etc is not a folder of yours to add a dump beside it\); it is saved in /);
  t.deepEqual(readdirSync('/etc'), before, 'no /etc/passwd-1');
});

test('an existing target in a folder of the user\'s gets a new name beside it', async (t) => {
  const dir = freshDir();
  writeFileSync(join(dir, 'crash.wipeout'), 'taken');
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT_FILE: join(dir, 'crash.wipeout') } });
  t.regex(result.stderr, /^wipeout: crash saved to .*crash-1\.wipeout — /m);
  t.true(existsSync(join(dir, 'crash-1.wipeout')));
});

test('values whose inspection fails still leave a dump, with a note of what failed', async (t) => {
  const mark = join(freshDir(), 'getter-ran');
  const result = await runFixture(join(RELIABILITY, 'partial-capture.cjs'), { args: [mark] });
  t.is(result.code, 1);
  t.regex(result.stderr, /Error: partial object 0 8 4294967295 object/);
  t.is(result.dumps.length, 1);
  const { dump } = result.dumps[0];
  const frame = dump.frames.find((f) => f.functionName === 'inspectMe');
  const names = frame.scopes.flatMap((scope) => scope.variables.map((v) => v.name));
  for (const name of ['proxy', 'buffer', 'view', 'sparse', 'throwing', 'later', 'notYet']) t.true(names.includes(name), `${name} is in the dump`);
  t.true(dump.capture.problems.length > 0, 'capture.problems says what could not be read');
  t.false(existsSync(mark), 'the getter did not run');
});
