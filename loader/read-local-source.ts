import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Local files larger than this are not hashed: no script that ran is that big, and reading it would stall. */
export const MAX_LOCAL_SOURCE = 16 * 1024 * 1024;
/** Time a comparison with a local file may take, however slow the disk (a network mount, say). */
export const LOCAL_SOURCE_TIMEOUT_MS = 2000;

/**
 * The text of a local file when its sha256 is `sha256`, else `undefined`. The path comes from a
 * dump, which anyone who can write to the bucket may have crafted, so it is opened without
 * blocking (a named pipe with no writer returns at once), and only a regular file no bigger than
 * `MAX_LOCAL_SOURCE` is read, in chunks, giving up after `LOCAL_SOURCE_TIMEOUT_MS`: /dev/zero,
 * /proc files (which stat as empty and never end) and pipes are never read.
 */
export function readMatchingLocal(file: string, sha256: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const info = fstatSync(fd);
    // /proc and /sys files are regular but report size 0 and produce text without end.
    if (!info.isFile() || info.size === 0 || info.size > MAX_LOCAL_SOURCE) return undefined;
    const bytes = Buffer.alloc(info.size);
    const started = Date.now();
    let offset = 0;
    while (offset < info.size) {
      const read = readSync(fd, bytes, offset, Math.min(1024 * 1024, info.size - offset), offset);
      if (read === 0) break;
      offset += read;
      if (Date.now() - started > LOCAL_SOURCE_TIMEOUT_MS) return undefined;
    }
    if (offset !== info.size) return undefined;
    return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
