import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path as the user would type it: relative to the current directory when inside it. */
export function relativePath(file: string, cwd = process.cwd()): string {
  let path = file;
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path);
    } catch {
      return file;
    }
  }
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
