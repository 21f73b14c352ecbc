// Runs the built `wipeout` CLI as a real child process and collects what it printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempRoot } from './temp-dir.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Runs `wipeout …args`. `input` is written to stdin (then closed), which is how the terminal
 * debugger is driven in tests: stdin is a pipe, not a TTY, so output has no colour.
 */
export function runCli(args, { input = '', ...options } = {}) {
  const run = startCli(args, options);
  run.child.stdin.end(input);
  return run.done;
}

/**
 * Starts `wipeout …args` and returns the child (to signal it, or to write to its stdin) and a
 * promise of `{ code, signal, stdout, stderr }`; `output()` is what stdout holds so far.
 */
export function startCli(args, { env = {}, cwd = process.cwd(), node = process.execPath } = {}) {
  const child = spawn(node, [CLI, ...args], {
    cwd,
    // TMPDIR: `wipeout run` keeps a crash's dump in a temporary folder, which goes with the worker's.
    env: { ...process.env, TMPDIR: tempRoot(), NO_COLOR: undefined, FORCE_COLOR: undefined, WIPEOUT_DEBUGGER: undefined, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  child.stdin.on('error', () => {});
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => stdout };
}

/** Resolves once `run.output()` contains `text` (polling: the child prints when it is ready). */
export async function waitForOutput(run, text) {
  while (!run.output().includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Drives the terminal debugger: one command per line, then `quit`. */
export const replInput = (...commands) => `${[...commands, 'quit'].join('\n')}\n`;
