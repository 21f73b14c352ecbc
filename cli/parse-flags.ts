import meow, { type AnyFlags, type Result } from 'meow';
import { UsageError } from './exit.js';

/** Options of `parseFlags`. */
export interface ParseFlagsOptions {
  /** String flags that may be given without a value (`--dap` alone); every other one needs one. */
  valueOptional?: string[];
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * meow for one command: its own help and flags over the arguments after the command name.
 * `--help` and `-h` print the command's help and give `undefined`: the command then just returns
 * (exit 0). Usage mistakes, each one line naming the flag as typed: an unknown flag, a flag given
 * twice, a string flag without a value (`--identity`, `--identity=`), a boolean flag with one
 * (`--json=foo`, which meow would read as false).
 */
export function parseFlags<F extends AnyFlags>(command: string, argv: string[], help: string, flags: F, options: ParseFlagsOptions = {}): Result<F> | undefined {
  if (argv.includes('-h')) argv = argv.map((arg) => (arg === '-h' ? '--help' : arg));
  const mistake = (message: string) => new UsageError(message, `wipeout ${command} --help`);
  checkFlagForms(argv, flags, mistake);
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
  const unknown = Object.keys(cli.unnormalizedFlags).find((name) => !known.has(camel(name)));
  if (unknown !== undefined) throw mistake(`Unknown flag ${unknown.length === 1 ? '-' : '--'}${unknown} for \`wipeout ${command}\``);
  if (argv.includes('--help')) {
    process.stdout.write(`${cli.help}\n`);
    return undefined;
  }
  // meow gives '' for `--identity` at the end, `--identity=` and `--identity --json`.
  for (const [key, flag] of Object.entries(flags)) {
    if (flag.type === 'string' && cli.flags[key] === '' && !options.valueOptional?.includes(key)) throw mistake(`--${kebab(key)} needs a value`);
  }
  return cli;
}

/** Refuses, before meow reads them, a known flag given twice and a boolean flag given a value. */
function checkFlagForms(argv: string[], flags: AnyFlags, mistake: (message: string) => Error): void {
  const seen = new Set<string>();
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const equals = arg.indexOf('=');
    const typed = equals === -1 ? arg : arg.slice(0, equals);
    const key = camel(typed.slice(2));
    const flag = Object.hasOwn(flags, key) ? flags[key] : undefined;
    if (!flag) continue;
    if (seen.has(key)) throw mistake(`${typed} can only be given once`);
    seen.add(key);
    if (flag.type === 'boolean' && equals !== -1) throw mistake(`${typed} takes no value`);
  }
}
