// Issue 16: show, show --json and list tell a handled error (from a real Express integration)
// apart from a crash: the integration and request, the fingerprint, what the window skipped.
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import test from 'ava';
import { runCli } from '../helpers/cli-run.js';
import { freshDir, runFixture } from '../helpers/crash-run.js';
import { makeHandledDumps } from '../helpers/handled-dumps.js';
import { makeDump, writeDump } from '../helpers/make-dump.js';

const made = makeHandledDumps();
// Shared by the tests: made once, and awaited by each.
made.catch(() => {});

/** A folder of this test's own holding copies of the two handled dumps: `{ dir, first, next }` with their paths there. */
async function ownCopy() {
  const { first, next } = await made;
  const dir = freshDir();
  const copy = ({ path, dump }) => {
    const to = join(dir, basename(path));
    copyFileSync(path, to);
    return { path: to, dump };
  };
  return { dir, first: copy(first), next: copy(next) };
}

test('show says a handled error was handled, by which integration and for which request, with its fingerprint', async (t) => {
  const { first } = await made;
  const { code, stdout, stderr } = await runCli(['show', first.path]);
  t.is(code, 0, stderr);
  const lines = stdout.split('\n');
  t.is(lines[0], 'Error: order 42 not found in "eu-west"');
  t.regex(lines[1], /^handled error \(express, GET \/orders\/42\) in pid \d+ on /);
  t.is(lines[2], `fingerprint ${first.dump.fingerprint} (Error: order <n> not found in <str>, at ${first.dump.handled.topFrames.join(' < ')}); none skipped before this dump (one dump per 4s)`);
});

test('show says how many identical errors the window skipped before a dump', async (t) => {
  const { next } = await made;
  const skipped = next.dump.handled.skippedBefore;
  t.true(skipped >= 1, 'the duplicates were counted');
  const { stdout } = await runCli(['show', next.path]);
  t.regex(stdout.split('\n')[2], new RegExp(`^fingerprint ${next.dump.fingerprint} .*; ${skipped} identical errors? w(as|ere) skipped since the previous dump \\(one dump per 4s\\)$`));
});

test('show prints the request in its own section, as redacted at capture', async (t) => {
  const { first } = await made;
  const { stdout } = await runCli(['show', first.path]);
  const section = stdout.slice(stdout.indexOf('\nRequest\n'), stdout.indexOf('\n#0 '));
  t.regex(section, /^ {4}GET \/orders\/42$/m);
  t.regex(section, /^ {4}authorization: \[redacted\]$/m);
  t.regex(section, /^ {4}cookie: \[redacted\]$/m);
  t.regex(section, /^ {4}x-request-id: req-7$/m);
  t.regex(section, /^ {4}cookies: sid=\[redacted\]; theme=\[redacted\]$/m);
  t.false(stdout.includes('tok-abc-123') || stdout.includes('s3cr3t-sid-value'));
  t.regex(stdout, /^#0 loadOrder \(.*express-app\.mjs:13:\d+\)$/m, 'the frames follow');
});

test('show --json carries the fingerprint, the handled block and the request; a crash has them as null', async (t) => {
  const { first } = await made;
  const summary = JSON.parse((await runCli(['show', '--json', first.path])).stdout);
  t.is(summary.fingerprint, first.dump.fingerprint);
  t.deepEqual(summary.handled, first.dump.handled);
  t.deepEqual(summary.request, first.dump.request);
  t.is(summary.reason, 'manual');

  const crash = await runFixture('cjs-nested.cjs');
  const plain = JSON.parse((await runCli(['show', '--json', crash.dumps[0].path])).stdout);
  t.is(plain.fingerprint, null);
  t.is(plain.handled, null);
  t.is(plain.request, null);
});

test('a dump whose handled fields have the wrong types is shown with markers, not a stack trace', async (t) => {
  const file = writeDump(makeDump({ reason: 'manual', fingerprint: 7, handled: { framework: { x: 1 }, skippedBefore: 'many', topFrames: 'a' }, request: { method: 1, headers: [1] } }));
  const { code, stdout, stderr } = await runCli(['show', file]);
  t.is(code, 0, stderr);
  t.regex(stdout, /^handled error \(‹malformed: expected a string, got an object›, ‹malformed: expected a string, got the number 1› \?\) in pid 4242/m);
  t.regex(stdout, /^fingerprint ‹malformed: expected a string, got the number 7› .*; skipped occurrences not recorded$/m);
  t.regex(stdout, /^ {4}‹malformed›: ‹malformed: expected an object, got an array›$/m);
  const json = await runCli(['show', '--json', file]);
  t.is(json.code, 0);
  t.is(JSON.parse(json.stdout).handled.skippedBefore, null);
});

test('list names the integration and request of a handled dump and what was skipped, in aligned columns', async (t) => {
  const { dir, first, next } = await ownCopy();
  await runFixture('cjs-nested.cjs', { dir });
  const { code, stdout } = await runCli(['list', dir], { cwd: dir });
  t.is(code, 0);
  const lines = stdout.trim().split('\n');
  t.is(lines.length, 3);
  const handledLine = (path) => lines.find((line) => line.endsWith(path.slice(dir.length + 1)));
  t.regex(handledLine(first.path), / express GET \/orders\/42 +Error: order 42 not found in "eu-west" +loadOrder /);
  t.regex(handledLine(next.path), new RegExp(` express GET /orders/46 \\(\\+${next.dump.handled.skippedBefore} skipped\\) +Error: order 46`));
  // Each column starts at one offset on every line (the error, the top frame, the name), and the
  // sizes end at one.
  const offsets = (pattern, end = false) => lines.map((line) => {
    const match = pattern.exec(line);
    return match ? match.index + (end ? match[0].length : 0) : -1;
  });
  for (const [pattern, end] of [[/(Type)?Error: /], [/ (loadOrder|parseOrder) /], [/[\d.]+ [kM]?B /, true], [/[\w-]+\.wipeout$/]]) {
    const at = offsets(pattern, end);
    t.true(at.every((offset) => offset === at[0] && offset > 0), `${pattern}: ${at}\n${stdout}`);
  }
  const entries = JSON.parse((await runCli(['list', '--json', dir])).stdout);
  const entry = entries.find((e) => e.name === first.path.slice(dir.length + 1));
  t.is(entry.fingerprint, first.dump.fingerprint);
  t.deepEqual(entry.handled, { framework: 'express', request: 'GET /orders/42', skippedBefore: 0, windowMs: 4000 });
});

test('list --group makes one line per fingerprint with its count; crashes group by the same recipe', async (t) => {
  const { dir, first, next } = await ownCopy();
  // The same crash twice, and another: two groups of crashes besides the handled error's.
  await Promise.all([runFixture('cjs-nested.cjs', { dir }), runFixture('cjs-nested.cjs', { dir }), runFixture('class-method.cjs', { dir })]);
  const groups = JSON.parse((await runCli(['list', '--group', '--json', dir])).stdout);
  const handled = groups.find((g) => g.fingerprint === first.dump.fingerprint);
  t.like(handled, { count: 2, skipped: next.dump.handled.skippedBefore, error: 'Error: order <n> not found in <str>', frameworks: ['express'] });
  t.deepEqual(handled.dumps.map((d) => d.location), [next.path, first.path], 'newest first');
  const nested = groups.filter((g) => g.topFrame?.startsWith('parseOrder'));
  t.is(nested.length, 1, 'one crash at one place is one group, whatever its pid and time');
  t.true(nested[0].count >= 2);
  t.is(groups.filter((g) => g.topFrame?.startsWith('Cart.checkout')).length, 1);

  const { code, stdout } = await runCli(['list', '--group', dir]);
  t.is(code, 0);
  const line = stdout.split('\n').find((l) => l.includes(first.dump.fingerprint));
  t.regex(line, new RegExp(`^2 dumps +\\+${next.dump.handled.skippedBefore} skipped +last \\d{4}-.* UTC +first \\d{4}-.* UTC +express +Error: order <n> not found in <str> +loadOrder \\(.*\\) +${first.dump.fingerprint} +${next.path.slice(dir.length + 1)}$`));
});

test('list --commands prints, for each dump, the commands that open it; the show command works', async (t) => {
  const { dir, first } = await ownCopy();
  // A folder relative to where list runs: the commands name the dumps by it, as a reader downloads them.
  const listed = await runCli(['list', '--commands', basename(dir)], { cwd: join(dir, '..') });
  t.is(listed.code, 0);
  const name = join(basename(dir), basename(first.path));
  const block = listed.stdout.split('\n\n').find((b) => b.startsWith(`${basename(first.path)}: `));
  t.regex(block, /^[^\n]+: Error: order 42 not found in "eu-west" — express GET \/orders\/42\n/);
  const commands = block.trim().split('\n').slice(1).map((line) => line.replace(/ +# .*$/, '').trim());
  t.deepEqual(commands, [
    `npx --no-install wipeout show ${name}`,
    `npx --no-install wipeout load ${name}`,
    `npx --no-install wipeout load ${name} --dap 4711`,
    `npx --no-install wipeout load ${name} --inspect 9229`,
  ]);
  const json = JSON.parse((await runCli(['list', '--commands', '--json', basename(dir)], { cwd: join(dir, '..') })).stdout);
  t.is(json.find((e) => e.name === basename(first.path)).commands.inspect, `npx --no-install wipeout load ${name} --inspect 9229`);
  // The printed command, with this checkout's CLI for npx's: what a reader pastes.
  const shown = await runCli(commands[0].replace('npx --no-install wipeout ', '').split(' '), { cwd: join(dir, '..') });
  t.is(shown.code, 0);
  t.true(shown.stdout.startsWith('Error: order 42 not found in "eu-west"\nhandled error (express, GET /orders/42)'));
});

test('list takes --group or --commands, not both', async (t) => {
  const { code, stderr } = await runCli(['list', '--group', '--commands', '.']);
  t.is(code, 2);
  t.regex(stderr, /Expected --group or --commands, got both/);
});
