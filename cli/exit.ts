import { colorsFor } from './colors.js';
import { printable } from './printable.js';

/** A failure the user can act on: the CLI prints its message as one red line and exits 1. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** A usage mistake: the CLI prints the message (and a hint) and exits 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
  /** `help` is where to read more: the command's own help when the mistake is in one command. */
  constructor(message: string, readonly help = 'wipeout --help') {
    super(message, 2);
  }
}

/** Prints one red line on stderr (colour only on a TTY) and ends the process with `code`. */
export function exitWith(message: string, code = 1): never {
  // Messages quote file names, URLs and servers' answers: none of them may drive the terminal.
  process.stderr.write(`${colorsFor(process.stderr).red(printable(message))}\n`);
  process.exit(code);
}

/**
 * Turns any error into one line and an exit code: our own errors carry a user-facing message, and
 * unexpected ones are reported without a stack trace (set WIPEOUT_DEBUG=1 to see it).
 */
export function exitOnError(error: unknown): never {
  // Only `1`: `WIPEOUT_DEBUG=0` reads as "off", as every other 0/1 variable of wipeout does.
  if (process.env.WIPEOUT_DEBUG === '1') console.error(error);
  if (error instanceof UsageError) exitWith(`${error.message} (see \`${error.help}\`)`, 2);
  if (error instanceof CliError) exitWith(error.message, error.exitCode);
  const message = error instanceof Error ? error.message : String(error);
  exitWith(message || 'wipeout failed for an unknown reason');
}

/**
 * For stdout's `error` event. A reader that stops early (`wipeout list | head`) closes the pipe:
 * that is no failure, so the command ends quietly with 0, as a Unix tool killed by SIGPIPE ends
 * without a word. Any other failed write (a full disk, `>/dev/full`) is one line and exit 1.
 */
export function exitOnOutputError(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(0);
  const why = error.code === 'ENOSPC' ? 'no space left on device' : error.message;
  exitWith(`Cannot write to stdout: ${why}`);
}
