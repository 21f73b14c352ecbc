import { driverFor } from './driver-for.js';
import { asStorageError, type Operation } from './failure.js';
import type { ObjectInfo, StorageOptions } from './types.js';

async function run<T>(op: Operation, url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asStorageError(op, url, error);
  }
}

/** Reads a whole object. Rejects with a `StorageError` (code `not-found` when it does not exist). */
export function readObject(url: string, options: StorageOptions = {}): Promise<Buffer> {
  return run('read', url, async () => (await driverFor(url)).read(url, options));
}

/**
 * Writes a new object. Never overwrites: an existing object under that name is a `StorageError`
 * with code `exists`. Atomic where the backend allows it (local files: temporary file + `link`,
 * mode 0600; object stores: a single conditional PUT; SFTP: temporary file + rename).
 */
export function writeObject(url: string, data: Uint8Array, options: StorageOptions = {}): Promise<void> {
  return run('write', url, async () => (await driverFor(url)).write(url, data, options));
}

/**
 * Lists the objects in a folder or under a name prefix, sorted by name, not recursing into
 * sub-folders: `s3://b/crashes/` and `s3://b/crashes` (when that is a folder) list the folder;
 * `s3://b/crashes/api-` lists the objects of `crashes/` whose names start with `api-`.
 */
export function listObjects(url: string, options: StorageOptions = {}): Promise<ObjectInfo[]> {
  return run('list', url, async () => (await driverFor(url)).list(url, options));
}

/** Size and modification time of one object. Rejects with code `not-found` when it does not exist. */
export function statObject(url: string, options: StorageOptions = {}): Promise<ObjectInfo> {
  return run('stat', url, async () => (await driverFor(url)).stat(url, options));
}
