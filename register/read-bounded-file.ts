import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';

/** Bytes the hook reads of one source file or source map at a crash. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Time one such read may take, however slow the disk. */
export const READ_TIMEOUT_MS = 1000;

/** Pseudo-filesystems whose files stat as regular but are the process's own state or never end. */
const NEVER = ['/proc/', '/sys/', '/dev/'];

/**
 * Where the hook may read files at a crash: under the program's own tree or beside the script a
 * frame ran. For the main script and that script: its folder, and the nearest folder above it
 * with a package.json or tsconfig.json (the project, whose `src/` a `dist/` maps to), unless that
 * is the home folder or `/`. A source map may name any path (`/proc/self/environ`, `/dev/zero`, a named
 * pipe, `~/.aws/credentials`): nothing outside these is opened.
 */
export function allowedRoots(scriptFile: string): string[] {
  const roots = new Set<string>();
  const main = process.argv[1];
  for (const file of main ? [main, scriptFile] : [scriptFile]) {
    const real = realOrUndefined(file);
    if (!real) continue;
    roots.add(dirname(real));
    const project = projectRoot(dirname(real));
    if (project && project !== homedir()) roots.add(project);
  }
  return [...roots].filter((root) => root !== sep);
}

/**
 * The text of `file` when it is a regular file under one of `roots`, at most `MAX_READ_BYTES`,
 * read within `READ_TIMEOUT_MS`; otherwise why not. Opened without blocking, so a named pipe
 * never waits for a writer.
 */
export function readBoundedFile(file: string, roots: string[]): { text: string } | { why: string } {
  const real = realOrUndefined(file);
  if (!real) return { why: 'no such file' };
  if (NEVER.some((prefix) => real.startsWith(prefix))) return { why: `${real} is not a source file` };
  if (!roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`))) {
    return { why: `${real} is outside the program's folders, and is not read` };
  }
  let fd: number | undefined;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const info = fstatSync(fd);
    if (!info.isFile()) return { why: `${real} is not a regular file` };
    if (info.size > MAX_READ_BYTES) return { why: `${real} is larger than ${MAX_READ_BYTES / 1024 / 1024} MB` };
    const bytes = Buffer.alloc(info.size);
    const started = Date.now();
    let offset = 0;
    while (offset < info.size) {
      const read = readSync(fd, bytes, offset, Math.min(1024 * 1024, info.size - offset), offset);
      if (read === 0) break;
      offset += read;
      if (Date.now() - started > READ_TIMEOUT_MS) return { why: `reading ${real} took longer than ${READ_TIMEOUT_MS} ms` };
    }
    return { text: bytes.subarray(0, offset).toString('utf8') };
  } catch (error) {
    return { why: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function realOrUndefined(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `dir` with a package.json or tsconfig.json, within 20 levels. */
function projectRoot(dir: string): string | undefined {
  let current = dir;
  for (let i = 0; i < 20; i++) {
    for (const marker of ['package.json', 'tsconfig.json']) {
      try {
        closeSync(openSync(join(current, marker), constants.O_RDONLY | constants.O_NONBLOCK));
        return current;
      } catch {
        // not here
      }
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}
