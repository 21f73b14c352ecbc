import { colorsFor } from './colors.js';
import { UsageError } from './exit.js';
import { formatSummary } from './format/format-summary.js';
import { summaryJson } from './format/summary-json.js';
import { openModel } from './open-model.js';
import { parseFlags } from './parse-flags.js';
import { printable, printableJson } from './printable.js';
import { readStorageOptions } from './read-storage-options.js';

const HELP = `
  Usage
    $ wipeout show <file|url> [--json]

  Prints a saved crash: the error and its causes, each frame with a source snippet and its locals.

  Options
    --json                    Print a machine-readable summary
    --storage-options <json>  Options for the storage driver of a URL; else WIPEOUT_STORAGE_OPTIONS
    --identity <file>         age identity file for an encrypted dump; else WIPEOUT_IDENTITY
    --local-sources           Compare sources with the local files the dump names (and show
                              a matching file); else WIPEOUT_LOCAL_SOURCES=1. Off by default
`;

/** `wipeout show FILE [--json]`. */
export async function show(argv: string[]): Promise<void> {
  const cli = parseFlags('show', argv, HELP, {
    json: { type: 'boolean', default: false },
    storageOptions: { type: 'string' },
    identity: { type: 'string' },
    localSources: { type: 'boolean' },
  });
  if (!cli) return; // --help: printed
  if (cli.input.length !== 1) throw new UsageError(`Expected one dump file or URL after \`wipeout show\`, got ${cli.input.length}`, 'wipeout show --help');
  if (cli.input[0] === '') throw new UsageError('Expected a dump file or URL after `wipeout show`, got an empty argument', 'wipeout show --help');
  const model = await openModel(cli.input[0]!, readStorageOptions(cli.flags.storageOptions), cli.flags.identity, cli.flags.localSources);
  if (cli.flags.json) {
    process.stdout.write(`${printableJson(summaryJson(model))}\n`);
  } else {
    const colors = colorsFor(process.stdout);
    process.stdout.write(`${printable(formatSummary(model, colors), { keepStyles: colors.enabled })}\n`);
  }
}
