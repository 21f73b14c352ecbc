import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import test from 'ava';
import { CLI, runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

const file = writeDump(sampleDump());

/** Runs the CLI with `stdout` as its standard output (a file descriptor, or 'pipe'); resolves with the child's exit and stderr. */
function runWithStdout(args, stdout, { env = {}, onStart = () => {} } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, WIPEOUT_DEBUG: undefined, ...env }, stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  onStart(child);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

// /dev/full takes nothing: every write fails with ENOSPC, as on a full disk.
const fullTest = existsSync('/dev/full') ? test : test.skip;
const toFull = test.macro({
  async exec(t, args) {
    const fd = openSync('/dev/full', 'w');
    try {
      const { code, stderr } = await runWithStdout(args, fd);
      t.is(stderr, 'Cannot write to stdout: no space left on device\n');
      t.is(code, 1);
    } finally {
      closeSync(fd);
    }
  },
  title: (_, args) => `wipeout ${args.map((a) => (a === file ? 'crash.wipeout' : a === dirname(file) ? 'dir' : a)).join(' ')} to a full disk is one line and exit 1`,
});
fullTest(toFull, ['show', file]);
fullTest(toFull, ['show', file, '--json']);
fullTest(toFull, ['list', dirname(file)]);
fullTest(toFull, ['--help']);
fullTest(toFull, ['--version']);
fullTest(toFull, ['show', '--help']);
fullTest(toFull, ['load', file, '--debugger', '0']);

test('a reader that stops reading (| head) ends the command quietly with 0', async (t) => {
  // The pipe is closed before wipeout writes a byte: its first write meets EPIPE.
  const { code, stderr } = await runWithStdout(['show', file], 'pipe', { onStart: (child) => child.stdout.destroy() });
  t.is(stderr, '');
  t.is(code, 0);
});

test('WIPEOUT_DEBUG=1 prints the stack of an error, WIPEOUT_DEBUG=0 does not', async (t) => {
  const off = await runCli(['show', '/nonexistent.wipeout'], { env: { WIPEOUT_DEBUG: '0' } });
  t.is(off.stderr, 'Cannot read /nonexistent.wipeout: no such file\n');
  const on = await runCli(['show', '/nonexistent.wipeout'], { env: { WIPEOUT_DEBUG: '1' } });
  t.regex(on.stderr, /^CliError: Cannot read \/nonexistent\.wipeout: no such file\n {4}at /);
  t.is(on.code, 1);
});

test('wipeout alone is a usage mistake: the help goes to stderr, exit 2', async (t) => {
  const { code, stdout, stderr } = await runCli([]);
  t.is(code, 2);
  t.is(stdout, '');
  t.regex(stderr, /^ {2}Usage\n {4}\$ wipeout <command> \[options\]$/m);
});
