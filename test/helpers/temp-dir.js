// Temporary folders for tests. They all live under one folder per test worker, removed when that
// worker exits, so that a test run leaves nothing behind in the system's temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root;

/** A fresh, empty folder whose name starts with `prefix`. */
export function tempDir(prefix = 'wipeout-test-') {
  return mkdtempSync(join(tempRoot(), prefix));
}

/** The worker's own folder, removed when the worker exits; child processes may use it as TMPDIR. */
export function tempRoot() {
  root ??= createRoot();
  return root;
}

function createRoot() {
  const folder = mkdtempSync(join(tmpdir(), 'wipeout-tests-'));
  process.on('exit', () => {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // A tmpfs that a failed test left mounted keeps its mount point; the rest is gone.
    }
  });
  return folder;
}
