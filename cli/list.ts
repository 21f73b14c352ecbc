import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDump } from '../dump/index.js';
import { decryptDumpBytes, isRemoteUrl, localPath, modelFromDump, tooBigToRead, type DumpModel } from '../loader/index.js';
import { colorsFor } from './colors.js';
import { CliError, UsageError } from './exit.js';
import { formatTime } from './format/format-exception.js';
import { relativePath } from './format/relative-path.js';
import { parseFlags } from './parse-flags.js';
import { printable, printableJson } from './printable.js';
import { readStorageOptions } from './read-storage-options.js';

const HELP = `
  Usage
    $ wipeout list <dir|url> [--json]

  One line per saved crash, newest first: when, host, pid, error, top user frame, size, name.

  Options
    --json                    Print JSON for scripts
    --storage-options <json>  Options for the storage driver of a URL; else WIPEOUT_STORAGE_OPTIONS
    --identity <file>         age identity file for an encrypted dump; else WIPEOUT_IDENTITY
`;

interface Entry {
  name: string;
  location: string;
  size: number;
  mtime?: string;
  time?: string;
  host?: string;
  pid?: number;
  error?: string;
  topFrame?: string;
  unreadable?: string;
}

/** `wipeout list <dir|url> [--json]`. */
export async function list(argv: string[]): Promise<void> {
  const cli = parseFlags('list', argv, HELP, {
    json: { type: 'boolean', default: false },
    storageOptions: { type: 'string' },
    identity: { type: 'string' },
  });
  if (!cli) return; // --help: printed
  if (cli.input.length !== 1) throw new UsageError(`Expected one directory or URL after \`wipeout list\`, got ${cli.input.length}`, 'wipeout list --help');
  if (cli.input[0] === '') throw new UsageError('Expected a directory or URL after `wipeout list`, got an empty argument', 'wipeout list --help');
  const location = cli.input[0]!;
  // Read even for a local folder, which takes no options: bad JSON is the same mistake as for show.
  const storageOptions = readStorageOptions(cli.flags.storageOptions);
  const files = isRemoteUrl(location) ? await remoteFiles(location, storageOptions) : await localFiles(location);
  const identity = cli.flags.identity;
  const entries = await mapWithLimit(files, READ_AT_ONCE, (found) => describe(found, identity));
  entries.sort((a, b) => (b.time ?? b.mtime ?? '').localeCompare(a.time ?? a.mtime ?? ''));
  if (cli.flags.json) {
    process.stdout.write(`${printableJson(entries)}\n`);
    return;
  }
  if (entries.length === 0) {
    process.stderr.write(`No dumps in ${printable(location)}\n`);
    return;
  }
  const colors = colorsFor(process.stdout);
  // Every field but the size comes from a dump or a file name: escaped before it is styled, and
  // kept on its line.
  const field = (text: string) => printable(text, { singleLine: true });
  for (const e of entries) {
    const when = field(formatTime(e.time ?? e.mtime)).padEnd(23);
    const size = formatSize(e.size).padStart(8);
    const name = field(e.name);
    if (e.unreadable) {
      process.stdout.write(`${when}  ${colors.red(`unreadable: ${field(e.unreadable)}`)}  ${size}  ${name}\n`);
    } else {
      const error = e.error!.length > 70 ? `${e.error!.slice(0, 70)}…` : e.error!;
      process.stdout.write(`${when}  ${field(e.host!)}  pid ${e.pid}  ${colors.red(field(error))}  ${colors.cyan(field(e.topFrame ?? '-'))}  ${size}  ${name}\n`);
    }
  }
}

/** Dumps read at once: each may be a download, or an SSH login for sftp://. */
const READ_AT_ONCE = 6;

/** `work` over every item, at most `limit` at a time, results in the items' order. */
async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Found {
  name: string;
  location: string;
  size: number;
  mtime?: Date;
  read: () => Promise<Uint8Array>;
}

async function localFiles(location: string): Promise<Found[]> {
  const dir = localPath(location);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && d.name.endsWith('.wipeout')).map((d) => d.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot list ${location}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (error as Error).message}`);
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      return { name, location: path, size: info?.size ?? 0, mtime: info?.mtime, read: () => readFile(path) };
    }),
  );
}

async function remoteFiles(url: string, storageOptions?: Record<string, unknown>): Promise<Found[]> {
  const storage = await import('../storage/index.js');
  let objects;
  try {
    objects = await storage.listObjects(url, storageOptions ?? {});
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return objects
    .filter((o) => o.name.endsWith('.wipeout'))
    .map((o) => ({ name: o.name, location: o.url, size: o.size, mtime: o.mtime, read: () => storage.readObject(o.url, storageOptions ?? {}) }));
}

async function describe(found: Found, identity: string | undefined): Promise<Entry> {
  const entry: Entry = { name: found.name, location: found.location, size: found.size };
  if (found.mtime) entry.mtime = found.mtime.toISOString();
  // Checked before reading: six 1.9 GB files were read whole, at once.
  const tooBig = tooBigToRead(found.size, found.name);
  if (tooBig) {
    entry.unreadable = tooBig;
    return entry;
  }
  let model: DumpModel;
  try {
    model = modelFromDump(decodeDump(await decryptDumpBytes(await found.read(), found.name, identity), found.name), found.location);
    return summarise(entry, model);
  } catch (error) {
    // One bad file is one row; the folder's other dumps are still listed.
    for (const key of ['time', 'host', 'pid', 'error', 'topFrame'] as const) delete entry[key];
    entry.unreadable = (error as Error)?.message ?? String(error);
    return entry;
  }
}

function summarise(entry: Entry, model: DumpModel): Entry {
  const p = model.process as unknown as Record<string, unknown>;
  entry.time = model.time;
  entry.host = String(p.hostname ?? '?');
  entry.pid = typeof p.pid === 'number' ? p.pid : undefined;
  entry.error = `${model.exception.name}${model.exception.message ? `: ${model.exception.message}` : ''}`.split('\n')[0];
  const top = model.frames[model.topUserFrame];
  if (top) entry.topFrame = `${top.name} (${relativePath(top.position.file)}:${top.position.line})`;
  return entry;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
