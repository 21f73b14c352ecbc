import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failure, type Operation } from '../failure.js';
import { localPath } from '../parse-url.js';
import type { Driver, ObjectInfo } from '../types.js';

export { localPath };

/**
 * Plain paths, `~/…` and `file://` URLs. Takes no options; any given are ignored, so that one
 * `WIPEOUT_STORAGE_OPTIONS` can serve both a bucket and its local fallback.
 */
export type FileStorageOptions = Record<string, never>;

function fsFailure(op: Operation, url: string, error: unknown) {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return failure(op, url, 'not-found', op === 'list' ? 'no such folder' : 'no such file', error);
    case 'EEXIST':
      return failure(op, url, 'exists', 'a file already exists there and is never overwritten', error);
    case 'EACCES':
    case 'EPERM':
      return failure(op, url, 'denied', 'permission denied', error);
    case 'EISDIR':
      return failure(op, url, 'failed', 'it is a folder, not a file', error);
    case 'ENOTDIR':
      return failure(op, url, 'not-found', 'a part of the path is not a folder', error);
    case 'ENOSPC':
      return failure(op, url, 'failed', 'no space left on the device', error);
    default:
      return failure(op, url, 'failed', (error as Error).message, error);
  }
}

/** Where a listed file is: a `file://` URL for `file://` listings, else a path (relative stays relative). */
function childUrl(url: string, folder: string, name: string): string {
  return /^file:\/\//i.test(url) ? pathToFileURL(join(resolve(folder), name)).href : join(folder, name);
}

async function write(url: string, data: Uint8Array): Promise<void> {
  const target = localPath(url);
  const folder = dirname(target);
  // The bytes go to a temporary file first; `link` then gives them their name in one step and
  // fails if the name is taken, so a reader never sees half a dump and nothing is overwritten.
  const temp = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, target);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // File systems without hard links (some network and FAT mounts): copy, still never over an existing file.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      await copyFile(temp, target, constants.COPYFILE_EXCL);
    }
  } catch (error) {
    throw fsFailure('write', url, error);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function list(url: string): Promise<ObjectInfo[]> {
  const path = localPath(url);
  let folder = path;
  let prefix = '';
  if (!/[/\\]$/.test(path)) {
    const isFolder = await stat(path).then((info) => info.isDirectory(), () => false);
    if (!isFolder) {
      folder = dirname(path);
      prefix = basename(path);
    }
  }
  try {
    const entries = await readdir(folder || '.', { withFileTypes: true });
    const infos: ObjectInfo[] = [];
    for (const entry of entries) {
      // Skips other names and the temporary files of writes in progress.
      if (!entry.name.startsWith(prefix) || (entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) continue;
      const file = join(folder, entry.name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      infos.push({ url: childUrl(url, folder, entry.name), name: entry.name, size: info.size, mtime: info.mtime });
    }
    return infos.sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw fsFailure('list', url, error);
  }
}

async function statObject(url: string): Promise<ObjectInfo> {
  const path = localPath(url);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return { url, name: basename(path), size: info.size, mtime: info.mtime };
  } catch (error) {
    throw fsFailure('stat', url, error);
  }
}

export const fileDriver: Driver = {
  async read(url) {
    try {
      return await readFile(localPath(url));
    } catch (error) {
      throw fsFailure('read', url, error);
    }
  },
  write: (url, data) => write(url, data),
  list: (url) => list(url),
  stat: (url) => statObject(url),
};
