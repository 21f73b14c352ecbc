import { closeSync, constants, existsSync, fsyncSync, linkSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { localPath as localPathOf } from '../storage/parse-url.js';

export const DEFAULT_TEMPLATE = 'wipeout-{time}-{pid}.wipeout';

/** Values for the `{…}` placeholders of a file name template. */
export interface TemplateValues {
  id: string;
  name: string;
  /** A failing test's name, for `{test}` (the script's name otherwise). */
  test?: string;
  time?: Date;
}

/** Fills `{time}` `{pid}` `{host}` `{id}` `{name}` `{test}`; unknown placeholders are left as they are. */
export function fillTemplate(template: string, values: TemplateValues): string {
  const time = (values.time ?? new Date()).toISOString().replace(/[-:]/g, '').replace('.', '-').replace('Z', 'Z');
  const fields: Record<string, string> = {
    time,
    pid: String(process.pid),
    host: hostname().replace(/[^\w.-]/g, '_'),
    id: values.id,
    name: values.name.replace(/[^\w.-]/g, '_'),
    test: (values.test ?? values.name).replace(/[^\w.-]+/g, '_').slice(0, 80),
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => fields[key] ?? whole);
}

/** A local target as an absolute path: `~` and `file://` understood, as the file driver reads them. */
export function localPath(target: string): string {
  return resolve(localPathOf(target));
}

/**
 * Writes bytes to a new file atomically and without ever replacing an existing one: the bytes go to
 * a temporary name (mode 0600), are flushed, then hard-linked to the final name, which fails rather
 * than overwrite. When the name is taken, `-1`, `-2`, … is added before the extension.
 * Returns the path written.
 */
export function writeNewFileSync(path: string, bytes: Uint8Array, { besideOnlyInOwnFolder = false } = {}): string {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error(`${path} exists and is not a regular file`);
  // `WIPEOUT_FILE=/etc/passwd` once wrote /etc/passwd-1: a name beside a taken one only in a folder of the user's.
  if (existing && besideOnlyInOwnFolder && !isOwnFolder(dirname(path))) throw new Error(`${path} exists, and ${dirname(path)} is not a folder of yours to add a dump beside it`);
  makeDirectories(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const extension = extname(path);
    const stem = path.slice(0, path.length - extension.length);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const candidate = attempt === 0 ? path : `${stem}-${attempt}${extension}`;
      try {
        linkSync(temporary, candidate);
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error(`every name like ${path} is taken`);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone; nothing else to clean.
    }
  }
}

/** System folders, where a dump never goes beside an existing file, whoever owns them. */
const SYSTEM_FOLDERS = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/boot', '/proc', '/sys', '/dev', '/run', '/var/lib', '/var/log', '/var/spool'];

/** A folder this user owns, outside the system's folders. */
function isOwnFolder(folder: string): boolean {
  const absolute = resolve(folder);
  if (SYSTEM_FOLDERS.some((system) => absolute === system || absolute.startsWith(`${system}/`))) return false;
  const owner = statSync(absolute, { throwIfNoEntry: false })?.uid;
  return typeof process.getuid !== 'function' || owner === process.getuid();
}

/**
 * Creates a folder and its missing parents, one level at a time. Node's own recursive mkdir can
 * loop forever on special filesystems such as /proc; a crash handler must always finish.
 */
function makeDirectories(directory: string): void {
  const missing: string[] = [];
  for (let current = directory; missing.length < 64 && !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  // 0700 whatever the umask (under `umask 000` they were 0777): the dumps hold the program's memory.
  for (const folder of missing.reverse()) mkdirSync(folder, { mode: 0o700 });
}

/**
 * Writes a dump that has no configured target: into the current directory, or into the OS temp
 * directory when the current directory cannot take it (read-only, or a system folder).
 */
export function writeInDefaultPlace(fileName: string, bytes: Uint8Array): string {
  try {
    return writeNewFileSync(join(process.cwd(), fileName), bytes);
  } catch {
    return writeNewFileSync(join(tmpdir(), fileName), bytes);
  }
}

/** A path as users should read it: relative to the current directory when that is shorter. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  let relativePath: string;
  try {
    relativePath = relative(process.cwd(), path);
  } catch {
    return path; // The current directory was removed.
  }
  return relativePath && !relativePath.startsWith('..') && relativePath.length < path.length ? `./${relativePath}` : path;
}
