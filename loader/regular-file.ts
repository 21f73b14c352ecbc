import { stat } from 'node:fs/promises';

/**
 * Why `path` cannot be read as a file, or `undefined` when it is a regular file (symbolic links
 * followed). Only a regular file is ever opened: reading a named pipe blocks until a writer comes,
 * and a device such as /dev/zero never ends. `stat` errors other than a missing file or a refused
 * permission are thrown as they are.
 */
export async function whyNotRegularFile(path: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    throw error;
  }
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'it is a directory';
  const kind = info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'something else';
  return `it is not a regular file but ${kind}`;
}
