import { colorsFor, type Colors } from './colors.js';
import { UsageError } from './exit.js';
import { formatTime } from './format/format-exception.js';
import { formatTable, type Cell } from './list/format-table.js';
import { groupEntries, type Group } from './list/group-entries.js';
import { COMMAND_NOTES, openCommands, type OpenCommands } from './list/open-commands.js';
import { readEntries, type Entry } from './list/read-entries.js';
import { parseFlags } from './parse-flags.js';
import { printable, printableJson } from './printable.js';
import { readStorageOptions } from './read-storage-options.js';

const HELP = `
  Usage
    $ wipeout list <dir|url> [--group | --commands] [--json]

  One line per saved crash, newest first: when, host, pid, what failed (a handled error's
  framework and request, a failing test), error, top user frame, size, name.

  Options
    --group                   One line per distinct error (fingerprint), most recently seen first:
                              how many dumps, how many more the window skipped, first and last seen
    --commands                For each dump, the commands that open it (show, load, --dap, --inspect),
                              by the path given: for a CI log (docs/ci.md)
    --json                    Print JSON for scripts (with --group: the groups; with --commands:
                              each dump with its commands)
    --storage-options <json>  Options for the storage driver of a URL; else WIPEOUT_STORAGE_OPTIONS
    --identity <file>         age identity file for an encrypted dump; else WIPEOUT_IDENTITY
`;

/** `wipeout list <dir|url> [--group | --commands] [--json]`. */
export async function list(argv: string[]): Promise<void> {
  const cli = parseFlags('list', argv, HELP, {
    json: { type: 'boolean', default: false },
    group: { type: 'boolean', default: false },
    commands: { type: 'boolean', default: false },
    storageOptions: { type: 'string' },
    identity: { type: 'string' },
  });
  if (!cli) return; // --help: printed
  if (cli.input.length !== 1) throw new UsageError(`Expected one directory or URL after \`wipeout list\`, got ${cli.input.length}`, 'wipeout list --help');
  if (cli.input[0] === '') throw new UsageError('Expected a directory or URL after `wipeout list`, got an empty argument', 'wipeout list --help');
  if (cli.flags.group && cli.flags.commands) throw new UsageError('Expected --group or --commands, got both: --commands lists every dump', 'wipeout list --help');
  const location = cli.input[0]!;
  // Read even for a local folder, which takes no options: bad JSON is the same mistake as for show.
  const storageOptions = readStorageOptions(cli.flags.storageOptions);
  const described = await readEntries(location, storageOptions, cli.flags.identity);
  const entries = described.map((d) => d.entry);
  const colors = colorsFor(process.stdout);
  if (cli.flags.group) {
    const { groups, unreadable } = groupEntries(described);
    if (cli.flags.json) return write(printableJson([...groups, ...unreadable]));
    if (entries.length === 0) return nothingIn(location);
    return write(formatTable([...groups.map((g) => groupRow(g, colors)), ...unreadable.map((e) => unreadableRow(e, colors))]).join('\n'));
  }
  if (cli.flags.commands) {
    const withCommands = entries.map((e) => ({ ...e, ...(canOpen(e) ? { commands: openCommands(e.location, e.encrypted === true) } : {}) }));
    if (cli.flags.json) return write(printableJson(withCommands));
    if (entries.length === 0) return nothingIn(location);
    return write(withCommands.map((e) => commandBlock(e, colors)).join('\n\n'));
  }
  if (cli.flags.json) return write(printableJson(entries));
  if (entries.length === 0) return nothingIn(location);
  write(formatTable(entries.map((e) => (e.unreadable ? unreadableRow(e, colors) : entryRow(e, colors)))).join('\n'));
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

function nothingIn(location: string): void {
  process.stderr.write(`No dumps in ${printable(location)}\n`);
}

/** when, host, pid [unusual], what, error, top frame, size, name. */
function entryRow(e: Entry, colors: Colors): Cell[] {
  // The thread and a capture without variables are said only when they are not the usual.
  const unusual = [e.thread && e.thread !== 'main thread' ? e.thread : '', e.method && e.method !== 'pause' ? e.method : ''].filter(Boolean).join(', ');
  return [
    { text: formatTime(e.time ?? e.mtime) },
    { text: e.host ?? '?' },
    { text: `pid ${e.pid ?? '?'}${unusual ? ` [${unusual}]` : ''}` },
    { text: what(e), style: colors.magenta, max: 50 },
    { text: e.error ?? '', style: colors.red, max: 70 },
    { text: e.topFrame ?? '-', style: colors.cyan },
    { text: formatSize(e.size), right: true },
    { text: e.name },
  ];
}

/** An unreadable file keeps the same columns: its reason where the error goes. */
function unreadableRow(e: Entry, colors: Colors): Cell[] {
  return [{ text: formatTime(e.mtime) }, { text: '' }, { text: '' }, { text: '' }, { text: `unreadable: ${e.unreadable}`, style: colors.red, overflow: true }, { text: '' }, { text: formatSize(e.size), right: true }, { text: e.name }];
}

/** How it failed, when it was not a plain crash: `express GET /orders/42 (+3 skipped)`, `test "adds"`. */
function what(e: Entry): string {
  if (e.handled) {
    const skipped = e.handled.skippedBefore ? ` (+${e.handled.skippedBefore} skipped)` : '';
    return `${e.handled.framework}${e.handled.request ? ` ${e.handled.request}` : ''}${skipped}`;
  }
  if (e.test !== undefined) return `test ${JSON.stringify(e.test)}`;
  if (e.reason === 'manual') return 'dump()';
  return '';
}

/** dumps (+skipped), last seen, first seen, error template, top frame, fingerprint, newest file. */
function groupRow(g: Group, colors: Colors): Cell[] {
  const from = g.frameworks.length > 0 ? g.frameworks.join(', ') : g.tests.length > 0 ? `${g.tests.length === 1 ? 'test' : `${g.tests.length} tests`} ${JSON.stringify(g.tests[0])}${g.tests.length > 1 ? ', …' : ''}` : '';
  return [
    { text: `${g.count} dump${g.count === 1 ? '' : 's'}`, right: true },
    { text: g.skipped > 0 ? `+${g.skipped} skipped` : '' },
    { text: `last ${formatTime(g.lastTime)}` },
    { text: g.count > 1 ? `first ${formatTime(g.firstTime)}` : '' },
    { text: from, style: colors.magenta, max: 50 },
    { text: g.error, style: colors.red, max: 70 },
    { text: g.topFrame ?? '-', style: colors.cyan },
    { text: g.fingerprint, style: colors.dim },
    { text: g.dumps[0]!.name },
  ];
}

function canOpen(e: Entry): boolean {
  // An encrypted dump listed without its identity still opens, given one.
  return !e.unreadable || e.encrypted === true;
}

/** `name: error — what`, then the commands, each with a comment a shell ignores. */
function commandBlock(e: Entry & { commands?: OpenCommands }, colors: Colors): string {
  // Names and errors come from files and dumps: escaped before they are styled.
  const field = (text: string) => printable(text, { singleLine: true });
  const about = e.unreadable && !e.encrypted
    ? colors.red(`unreadable: ${field(e.unreadable)}`)
    : [e.error ? colors.red(field(e.error)) : e.encrypted ? 'encrypted' : '', field(what(e))].filter(Boolean).join(' — ');
  const head = `${field(e.name)}: ${about}`;
  if (!e.commands) return head;
  const commands = (Object.entries(e.commands) as Array<[keyof OpenCommands, string]>).map(([kind, command]) => [kind, field(command)] as const);
  const width = Math.max(...commands.map(([, command]) => command.length));
  return [head, ...commands.map(([kind, command]) => `  ${command}${' '.repeat(width - command.length)}  ${colors.dim(`# ${COMMAND_NOTES[kind]}`)}`)].join('\n');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
