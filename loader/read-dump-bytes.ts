import { readFile, stat } from 'node:fs/promises';
import { MAX_JSON_BYTES } from '../dump/decode.js';
import { resolve } from 'node:path';
import { whyNotRegularFile } from './regular-file.js';
import { parseStorageOptions } from '../storage/parse-storage-options.js';
import { isRemoteUrl, localPath as fileDriverPath } from '../storage/parse-url.js';

/** Options of `readDumpBytes`. */
export interface ReadDumpOptions {
  /** Passed to the storage driver of a URL. Default: `WIPEOUT_STORAGE_OPTIONS`, else none. */
  storageOptions?: Record<string, unknown>;
  /** Directory relative paths start from. Default `process.cwd()`. */
  cwd?: string;
  /** An age identity file for encrypted dumps (`--identity`); else `WIPEOUT_IDENTITY`. */
  identity?: string;
  /**
   * How a user of this way in gives an identity, named when an encrypted dump comes without one.
   * Default `--identity <file>`; the DAP adapter names its launch argument.
   */
  identityHint?: string;
}

/** A local path for a location that is a path, `~/…` or `file://…`, as the file driver reads them. */
export function localPath(location: string, cwd = process.cwd()): string {
  return resolve(cwd, fileDriverPath(location));
}

/**
 * The bytes of a dump: local paths through node:fs, URLs through the storage layer, which is
 * imported only for URLs so that reading a local file never loads a cloud SDK.
 */
export async function readDumpBytes(location: string, options: ReadDumpOptions = {}): Promise<Uint8Array> {
  const bytes = await readRawBytes(location, options);
  // Imported on demand: only an encrypted dump loads the decryption code (and age-encryption).
  const { decryptDumpBytes } = await import('./decrypt-dump-bytes.js');
  return decryptDumpBytes(bytes, location, options.identity, options.cwd, options.identityHint);
}

async function readRawBytes(location: string, options: ReadDumpOptions): Promise<Uint8Array> {
  if (isRemoteUrl(location)) {
    const storage = (await import('../storage/index.js')) as unknown as {
      readObject(url: string, options?: Record<string, unknown>): Promise<Uint8Array>;
    };
    // Every way in (the CLI, the DAP adapter, a user's module) honours WIPEOUT_STORAGE_OPTIONS.
    let storageOptions = options.storageOptions;
    try {
      storageOptions ??= parseStorageOptions(process.env.WIPEOUT_STORAGE_OPTIONS);
    } catch (error) {
      throw new LoadError((error as Error).message, { cause: error });
    }
    return storage.readObject(location, storageOptions);
  }
  const path = localPath(location, options.cwd);
  const why = await whyNotRegularFile(path);
  if (why !== undefined) throw new LoadError(`Cannot read ${location}: ${why}`);
  const tooBig = await whyTooBig(path, location);
  if (tooBig) throw new LoadError(tooBig);
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new LoadError(`Cannot read ${location}: ${why}`, { cause: error });
  }
}

/**
 * The largest file read as a dump, checked before reading: a gzip of at most `MAX_JSON_BYTES` of
 * JSON is smaller than that, an age-encrypted one barely larger.
 */
export const MAX_DUMP_FILE_BYTES = MAX_JSON_BYTES + 1024 * 1024;

/** Why a file of `size` bytes is not read as a dump, or `undefined`. */
export function tooBigToRead(size: number, location: string): string | undefined {
  return size > MAX_DUMP_FILE_BYTES ? `${location} is ${Math.round(size / 1024 / 1024)} MB, larger than any dump wipeout opens (${MAX_DUMP_FILE_BYTES / 1024 / 1024} MB): not read` : undefined;
}

async function whyTooBig(path: string, location: string): Promise<string | undefined> {
  try {
    return tooBigToRead((await stat(path)).size, location);
  } catch {
    return undefined; // readFile says why
  }
}

/** A dump that could not be read or decoded. The message is meant for users as it is. */
export class LoadError extends Error {
  override name = 'LoadError';
}
