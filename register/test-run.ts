/**
 * A `node --test` run with the hook: the runner passes `--import` on to each test file's child
 * process but runs no preload itself, so the children share a folder named after the runner's
 * pid (their parent's). They save the dumps of failing tests there without a word (their stderr
 * is part of the runner's output) and note each in the folder's index; the reporter
 * `wipeout/node-test-reporter`, which runs in the runner, prints one line per dump after the run.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a run's dumps go, when the user chooses. */
export const RUN_FOLDER_VARIABLE = 'WIPEOUT_TEST_DUMPS';
const INDEX = 'index.jsonl';

/** One line of the index: a dump a child saved, or one it did not. */
export interface SavedTestDump {
  /** Where the dump went; absent when it was not saved (`skipped`, or `problem`). */
  location?: string;
  /** The failing test's full name; absent for a test file's uncaught exception. */
  test?: string;
  /** What the runner calls an error it failed the run for outside any test (`unhandled error in a.test.js`). */
  outside?: string;
  /** The test file. */
  file?: string;
  /** Past the run's cap (WIPEOUT_TEST_MAX_DUMPS). */
  skipped?: boolean;
  /** Why the dump could not be saved. */
  problem?: string;
}

/** Whether this process runs a test file for `node --test` (which sets NODE_TEST_CONTEXT). */
export function isTestChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NODE_TEST_CONTEXT);
}

/** The run's folder: `runnerPid` is the child's parent, or the reporter's own process. */
export function testRunFolder(env: NodeJS.ProcessEnv = process.env, runnerPid = process.ppid): string {
  return env[RUN_FOLDER_VARIABLE] || join(tmpdir(), `wipeout-tests-${runnerPid}`);
}

/** The folder's index so far: what every child noted (the cap counts them all). */
export function readIndex(folder: string): SavedTestDump[] {
  let text: string;
  try {
    text = readFileSync(join(folder, INDEX), 'utf8');
  } catch {
    return [];
  }
  const saved: SavedTestDump[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as SavedTestDump;
      if (typeof entry === 'object' && entry !== null) saved.push(entry);
    } catch {
      // The empty last line, or one a child is still writing.
    }
  }
  return saved;
}

/** In a child: notes a dump in the index; one short append, atomic among the children. */
export function noteTestDump(folder: string, entry: SavedTestDump): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  appendFileSync(join(folder, INDEX), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** In the reporter, once the run is over: one line per noted dump; the index goes. */
export function runReport(folder: string, openCommand: (where: string) => string, maxDumps: number): string[] {
  const lines: string[] = [];
  let skipped = 0;
  for (const { location, test, outside, file, skipped: past, problem } of readIndex(folder)) {
    const what = outside ?? (test === undefined ? `an uncaught exception in ${file ?? 'a test file'}` : `test ${JSON.stringify(test)} failed`);
    if (past) skipped++;
    else if (location !== undefined) lines.push(`wipeout: ${what}: saved to ${location} — open it with: ${openCommand(location)}`);
    else if (problem !== undefined) lines.push(`wipeout: ${what}, and its dump could not be saved: ${problem}`);
  }
  if (skipped > 0) lines.push(`wipeout: ${skipped} more failing test${skipped === 1 ? ' was' : 's were'} not saved (the first ${maxDumps} of a run are; WIPEOUT_TEST_MAX_DUMPS)`);
  // The index is ours; the dumps are the user's.
  rmSync(join(folder, INDEX), { force: true });
  return lines;
}
