import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAgeEncrypted } from '../../dump/age-decrypt.js';
import { decodeDump } from '../../dump/index.js';
import { fingerprintParts } from '../../dump/fingerprint.js';
import { decryptDumpBytes, isRemoteUrl, localPath, modelFromDump, tooBigToRead, type DumpModel } from '../../loader/index.js';
import { CliError } from '../exit.js';
import { captureFacts } from '../format/capture-facts.js';
import { handledFacts } from '../format/handled-facts.js';
import { relativePath } from '../format/relative-path.js';
import { testOf } from '../format/summary-json.js';

/** One dump as `wipeout list --json` prints it. */
export interface Entry {
  name: string;
  location: string;
  size: number;
  mtime?: string;
  time?: string;
  host?: string;
  pid?: number;
  /** `uncaughtException`, `unhandledRejection`, `manual` or `testFailure`. */
  reason?: string;
  error?: string;
  topFrame?: string;
  /** `main thread` or `worker "name" (thread N)`. */
  thread?: string;
  /** `capture.method`: `pause`, or `stack-only` (no variables). */
  method?: string;
  /**
   * The dump's `fingerprint` (a handled error), else one computed by the same recipe from the
   * error's class, message and stack (dump/fingerprint.ts): what `--group` groups by.
   */
  fingerprint?: string;
  /** The failing test's full name, for a `testFailure`. */
  test?: string;
  /** For a handled error: the integration, the request line, and what the window skipped before it. */
  handled?: { framework: string; request?: string; skippedBefore?: number; windowMs?: number };
  /** Encrypted with age: opening it takes `--identity`. */
  encrypted?: boolean;
  unreadable?: string;
}

/** An entry with what grouping needs and `--json` does not print. */
export interface Described {
  entry: Entry;
  /** `Error: order <n> not found in <str>`: the group's name. */
  template?: string;
}

/** Dumps read at once: each may be a download, or an SSH login for sftp://. */
const READ_AT_ONCE = 6;

/** Every `.wipeout` file in a folder or under a URL prefix, read and described, newest first. */
export async function readEntries(location: string, storageOptions: Record<string, unknown> | undefined, identity: string | undefined): Promise<Described[]> {
  const files = isRemoteUrl(location) ? await remoteFiles(location, storageOptions) : await localFiles(location);
  const described = await mapWithLimit(files, READ_AT_ONCE, (found) => describe(found, identity));
  return described.sort((a, b) => (b.entry.time ?? b.entry.mtime ?? '').localeCompare(a.entry.time ?? a.entry.mtime ?? ''));
}

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
  const storage = await import('../../storage/index.js');
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

async function describe(found: Found, identity: string | undefined): Promise<Described> {
  const entry: Entry = { name: found.name, location: found.location, size: found.size };
  if (found.mtime) entry.mtime = found.mtime.toISOString();
  // Checked before reading: six 1.9 GB files were read whole, at once.
  const tooBig = tooBigToRead(found.size, found.name);
  if (tooBig) {
    entry.unreadable = tooBig;
    return { entry };
  }
  try {
    const bytes = await found.read();
    if (isAgeEncrypted(bytes)) entry.encrypted = true;
    const model = modelFromDump(decodeDump(await decryptDumpBytes(bytes, found.name, identity), found.name), found.location);
    return summarise(entry, model);
  } catch (error) {
    // One bad file is one row; the folder's other dumps are still listed.
    entry.unreadable = (error as Error)?.message ?? String(error);
    return { entry };
  }
}

function summarise(entry: Entry, model: DumpModel): Described {
  const p = model.process as unknown as Record<string, unknown>;
  entry.time = model.time;
  entry.host = String(p.hostname ?? '?');
  entry.pid = typeof p.pid === 'number' ? p.pid : undefined;
  entry.reason = model.reason;
  const { exception } = model;
  entry.error = `${exception.name}${exception.message ? `: ${exception.message}` : ''}`.split('\n')[0];
  const top = model.frames[model.topUserFrame];
  if (top) entry.topFrame = `${top.name} (${relativePath(top.position.file)}:${top.position.line})`;
  const facts = captureFacts(model);
  entry.thread = facts.thread;
  entry.method = facts.method;
  const test = testOf(model);
  if (test) entry.test = test.name;
  const handled = handledFacts(model);
  const computed = fingerprintParts(exception.name, exception.message, exception.stack ?? '', typeof p.cwd === 'string' ? p.cwd : '/');
  entry.fingerprint = handled?.fingerprint ?? computed.id;
  if (handled) {
    entry.handled = {
      framework: handled.framework,
      ...(handled.requestLine !== undefined ? { request: handled.requestLine } : {}),
      ...(handled.skippedBefore !== undefined ? { skippedBefore: handled.skippedBefore } : {}),
      ...(handled.windowMs !== undefined ? { windowMs: handled.windowMs } : {}),
    };
  }
  const template = `${exception.name}: ${handled?.template ?? computed.template}`.split('\n')[0];
  return { entry, template };
}
