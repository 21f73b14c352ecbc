import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from './exit.js';
import { parseFlags } from './parse-flags.js';

const HELP = `
  Usage
    $ eval "$(wipeout env)"

  Prints the shell line that puts this installation's hook into NODE_OPTIONS, by its absolute
  path, before what NODE_OPTIONS already holds. \`NODE_OPTIONS=--import=wipeout/register\` works
  only in processes whose folder resolves \`wipeout\`; a tool that starts Node elsewhere (a test
  runner's workers, a build step in /tmp) would fail with ERR_MODULE_NOT_FOUND.
`;

const PRELOAD = fileURLToPath(new URL('../register/preload.js', import.meta.url));

/** `wipeout env`: `export NODE_OPTIONS='--import=file:///…/register/preload.js …'`. */
export async function env(argv: string[]): Promise<void> {
  const cli = parseFlags('env', argv, HELP, {});
  if (!cli) return; // --help: printed
  if (cli.input.length > 0) throw new UsageError(`\`wipeout env\` takes no arguments, got ${JSON.stringify(cli.input[0])}`, 'wipeout env --help');
  process.stdout.write(`export NODE_OPTIONS=${shellWord(nodeOptions(process.env.NODE_OPTIONS))}\n`);
}

/** NODE_OPTIONS with the hook first, once. */
export function nodeOptions(existing = ''): string {
  const hook = `--import=${pathToFileURL(PRELOAD).href}`;
  const rest = existing.split(/\s+/).filter((option) => option && option !== hook);
  return [hook, ...rest].join(' ');
}

/** One single-quoted shell word. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
