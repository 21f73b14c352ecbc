import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Dumps of `wipeout run` kept in its folder: older ones go when a run ends. */
export const KEPT_RUN_DUMPS = 20;

/**
 * Where `wipeout run` saves a crash: one folder per user under the OS temp directory
 * (`wipeout-runs-<uid>`, mode 0700), so that crashed runs do not leave a folder each behind.
 * A folder of that name that is not a plain directory of ours (another user made it first, or a
 * symbolic link) is not used: the run gets a private folder of its own, removed when it is empty.
 */
export function runDumpsFolder(): { folder: string; shared: boolean } {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const folder = join(tmpdir(), `wipeout-runs-${uid ?? 'user'}`);
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { folder: mkdtempSync(join(tmpdir(), 'wipeout-run-')), shared: false };
  }
  const stats = lstatSync(folder);
  const ours = stats.isDirectory() && (uid === undefined || stats.uid === uid) && (stats.mode & 0o077) === 0;
  return ours ? { folder, shared: true } : { folder: mkdtempSync(join(tmpdir(), 'wipeout-run-')), shared: false };
}

/** Removes all but the newest `keep` dumps of the folder; files being written (`.…tmp`) are left. */
export function pruneRunDumps(folder: string, keep = KEPT_RUN_DUMPS): void {
  const dumps = readdirSync(folder)
    .filter((name) => name.endsWith('.wipeout'))
    .map((name) => ({ path: join(folder, name), mtime: statSync(join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of dumps.slice(keep)) {
    try {
      unlinkSync(path);
    } catch {
      // Another run pruned it first.
    }
  }
}

/** Removes a run's private folder when nothing was saved in it. */
export function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // Not empty (a dump is being written by a grandchild?): leave it.
  }
}
