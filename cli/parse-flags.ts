import meow, { type AnyFlags, type Result } from 'meow';

/**
 * meow for one command: its own help and flags over the arguments after the command name. Unknown
 * flags and `--help` are meow's business (exit 2 and exit 0).
 */
export function parseFlags<F extends AnyFlags>(argv: string[], help: string, flags: F): Result<F> {
  return meow(help, {
    importMeta: import.meta,
    argv,
    flags,
    allowUnknownFlags: false,
    autoHelp: true,
    autoVersion: false,
    description: false,
    booleanDefault: undefined,
  });
}
