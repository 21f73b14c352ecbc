import meow, { type AnyFlags, type Result } from 'meow';
import { UsageError } from './exit.js';

/**
 * meow for one command: its own help and flags over the arguments after the command name.
 * `--help` and `-h` print the command's help and give `undefined`: the command then just returns
 * (exit 0). An unknown flag is a usage mistake that names the command, in one line.
 */
export function parseFlags<F extends AnyFlags>(command: string, argv: string[], help: string, flags: F): Result<F> | undefined {
  if (argv.includes('-h')) argv = argv.map((arg) => (arg === '-h' ? '--help' : arg));
  const cli = meow(help, {
    importMeta: import.meta,
    argv,
    flags,
    allowUnknownFlags: true,
    // Not meow's: it prints with console.log, which ignores a failed write, then exits at once.
    autoHelp: false,
    autoVersion: false,
    description: false,
    booleanDefault: undefined,
  });
  const known = new Set(['help', ...Object.keys(flags)]);
  for (const flag of Object.values(flags)) {
    for (const alias of [flag.shortFlag, ...(flag.aliases ?? [])]) if (alias) known.add(alias);
  }
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const unknown = Object.keys(cli.unnormalizedFlags).find((name) => !known.has(camel(name)));
  if (unknown !== undefined) throw new UsageError(`Unknown flag ${unknown.length === 1 ? '-' : '--'}${unknown} for \`wipeout ${command}\``, `wipeout ${command} --help`);
  if (argv.includes('--help')) {
    process.stdout.write(`${cli.help}\n`);
    return undefined;
  }
  return cli;
}
