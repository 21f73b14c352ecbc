/**
 * What the vitest, jest and mocha integrations share. In the process that runs the tests, the hook
 * saves each failing test's first failure quietly into the run's folder (the runner's output is
 * the user's); in the runner's main process, a reporter prints one line per dump after the run's
 * summary. The folder is named after the runner's main process, so both sides find it without
 * talking to each other: `WIPEOUT_TEST_DUMPS`, else `$TMPDIR/wipeout-tests-<runner pid>`.
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { enterTestRun, recordOutsideTest, recordTestFailure, testRunReported, type Escape, type FailedTest, type OutsideTest, type RunnerErrors } from '../register/install.js';
import { runReport, testRunFolder } from '../register/test-run.js';

export type { Escape, FailedTest, OutsideTest, RunnerErrors } from '../register/install.js';
export { addRealm } from '../register/install.js';

/** Tests already saved in this process: a retry that fails again is not a new failure. */
const failedBefore = new Set<string>();
let started = false;
/** The newest file's: a runner may evaluate its setup file again for each test file. */
let runnerErrors: RunnerErrors | undefined;
const forwarded: RunnerErrors = {
  rethrows: (error, escape) => runnerErrors?.rethrows?.(error, escape) ?? false,
  heard: (error, escape, listeners) => runnerErrors?.heard(error, escape, listeners),
};

/**
 * Starts the hook for a run, in a process that runs tests. `inRunnerChild`: the runner started
 * this process to run tests (its parent is the runner); a worker thread shares the runner's pid.
 * Returns false when wipeout is off (`WIPEOUT=0`) or cannot start: the runner then runs as if
 * wipeout were absent. `runner` tells the hook which errors the runner fails the run for outside
 * any test (see RunnerErrors).
 */
export function startTestRun(inRunnerChild: boolean, runner?: RunnerErrors): boolean {
  if (process.env.WIPEOUT === '0') return false;
  runnerErrors = runner;
  if (started) return true;
  try {
    enterTestRun(testRunFolder(process.env, isMainThread && inRunnerChild ? process.ppid : process.pid), forwarded);
    started = true;
  } catch (error) {
    say(`wipeout: not saving failing tests: ${(error as Error).message}`);
  }
  return started;
}

/** Saves a dump of a test's failure, the first time that test fails in this process. */
export function testFailed(thrown: unknown, test: FailedTest): void {
  if (!started) return;
  const key = `${test.file ?? ''}\0${test.name}`;
  if (failedBefore.has(key)) return;
  failedBefore.add(key);
  try {
    recordTestFailure(thrown, test);
  } catch {
    // Saving must never change how the runner reports the test.
  }
}

/** Saves an error the runner failed the run for outside any test (see recordOutsideTest). */
export function outsideTestFailed(thrown: unknown, escape: Escape, outside: OutsideTest): void {
  if (!started) return;
  try {
    recordOutsideTest(thrown, escape, outside);
  } catch {
    // Saving must never change how the runner reports it.
  }
}

/**
 * In the runner's main process once the run is over: the lines that name each saved dump (and
 * those past the cap). Loads the writer's open-command helper only now.
 */
export async function testRunReport(): Promise<string[]> {
  if (process.env.WIPEOUT === '0') return [];
  // A crash from now on (a timer that fires once the run is over) is announced as a program's.
  testRunReported();
  // Loaded as the hook loads it, synchronously: on Node 20, a crash that comes while an import()
  // of the writer is still loading could not load it (require of an ES module being imported).
  const { openCommand } = createRequire(import.meta.url)('../register/save-dump.js') as typeof import('../register/save-dump.js');
  const max = Number(process.env.WIPEOUT_TEST_MAX_DUMPS) || 10;
  return runReport(testRunFolder(process.env, process.pid), (where) => openCommand(where), max);
}

/** Writes lines to stderr synchronously, after what the runner has written there. */
export function say(...lines: string[]): void {
  if (lines.length === 0) return;
  try {
    writeSync(2, `${lines.join('\n')}\n`);
  } catch {
    // stderr is closed: there is nobody to tell.
  }
}
