/**
 * `setupFiles: ['wipeout/vitest']` in vitest's config: in each test worker (forks, threads, vm
 * pools), saves a dump of each failing test's first failure, with the test's frames and locals.
 * Add the reporter `wipeout/vitest-reporter` after vitest's own to list the dumps after the run's
 * summary. Imports nothing of vitest until vitest runs this file.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Escape, RunnerErrors } from './test-run.js';

// Loaded by Node, not through vite: vitest transforms a file outside node_modules (a linked
// checkout of wipeout) as its own, and a second copy of the hook would then run beside the one
// `--import wipeout/register` may have started. In the vm pools (vmThreads, vmForks) this file
// runs in a node:vm context whose `node:module` is vitest's, which loads CommonJS only: Node's
// own comes from Node's realm (its `process`, as runInThisContext evaluates there).
const nodeProcess = process.getBuiltinModule('node:vm').runInThisContext('process') as NodeJS.Process;
const nodeRequire = nodeProcess.getBuiltinModule('node:module').createRequire(fileURLToPath(import.meta.url));
const { recentThrows } = nodeRequire('../register/install.js') as typeof import('../register/install.js');
const { ownData, readFormattedStack } = nodeRequire('../register/safe-read.js') as typeof import('../register/safe-read.js');
const { addRealm, startTestRun, testFailed } = nodeRequire('./test-run.js') as typeof import('./test-run.js');

/**
 * The hooks this file uses, typed here: vitest's own types reach as far as jsdom's and the DOM's
 * when those are installed, which would change the types of Node's own globals for the build.
 */
interface VitestHooks {
  beforeAll(fn: (suite: VitestTask) => void): void;
  afterAll(fn: (suite: VitestTask) => void, timeout?: number): void;
  afterEach(fn: (context: { task: VitestTask }) => void, timeout?: number): void;
}
const VITEST: string = 'vitest';

/** What this file reads of vitest's test context (vitest 3). */
interface VitestTask {
  name: string;
  suite?: VitestTask;
  filepath?: string;
  file?: { filepath: string };
  result?: { state?: string; errors?: Array<Record<string, unknown>> };
  type?: string;
  tasks?: VitestTask[];
}

/**
 * Vitest's worker listens for uncaught exceptions and unhandled rejections, and reports each as an
 * "unhandled error" that fails the run, unless another listener (a test's) is there too: then it
 * takes the error for the user's to handle. Its listeners are in place before setup files run.
 */
const vitestListeners: Record<Escape, Function[]> = { uncaughtException: nodeProcess.listeners('uncaughtException'), unhandledRejection: nodeProcess.listeners('unhandledRejection') };
/** The test file this evaluation of the setup file runs before (vitest runs setup files per file). */
let testFile: string | undefined;
const unhandledErrors: RunnerErrors = {
  heard(error: unknown, escape: Escape, listeners: Function[]) {
    if (listeners.length !== 1 || !vitestListeners[escape].includes(listeners[0]!)) return undefined;
    return { name: testFile === undefined ? 'unhandled error' : `unhandled error in ${relative(nodeProcess.cwd(), testFile)}`, file: testFile };
  },
};

// Vitest never runs tests in its main process: a fork's parent, or a thread's process, is vitest.
if (startTestRun(true, unhandledErrors)) {
  // In a vm pool, the test file's values are this context's: the hook reads them here (see
  // inspector-bridge.ts); in the other pools this is Node's own realm, and nothing changes.
  addRealm(globalThis);
  const { afterAll, afterEach, beforeAll } = (await import(VITEST)) as VitestHooks;
  beforeAll((suite) => {
    testFile = suite.file?.filepath ?? testFile;
  });
  // Vitest times even a synchronous hook, and a capture on a loaded machine may outlast its hook
  // timeout, which would fail the test a second time. 0: untimed.
  const NO_TIMEOUT = 0;
  afterEach(({ task: test }) => {
    const copy = test.result?.state === 'fail' ? test.result.errors?.[0] : undefined;
    if (copy === undefined) return;
    const thrown = thrownValueOf(copy);
    if (thrown !== undefined) testFailed(thrown, { name: fullName(test), file: test.file?.filepath });
  }, NO_TIMEOUT);
  // A suite's own error (a beforeAll or afterAll hook threw) fails the file under "Failed Suites";
  // vitest still runs the file's afterAll hooks, this one among them.
  afterAll((file) => {
    for (const suite of failedSuites(file)) {
      const thrown = thrownValueOf(suite.result!.errors![0]!);
      const name = fullName(suite) || relative(nodeProcess.cwd(), file.filepath ?? '');
      if (thrown !== undefined) testFailed(thrown, { name, file: file.filepath });
    }
  }, NO_TIMEOUT);
}

/** The suites of a file (the file's own first) that failed by an error of their own. */
function failedSuites(suite: VitestTask): VitestTask[] {
  const own = suite.result?.state === 'fail' && (suite.result.errors?.length ?? 0) > 0 ? [suite] : [];
  return [...own, ...(suite.tasks ?? []).filter((task) => task.type === 'suite').flatMap(failedSuites)];
}

/**
 * Vitest keeps a serialised copy of what a test threw, not the value itself: the value is the
 * newest throw site whose message and stack (or, for a primitive, its text) the copy repeats.
 * Vitest has read both from the value to copy them (and written the message back), so reading
 * them again formats nothing; the message is compared first, so that no other error's stack is
 * read (on Node 20 that would format it).
 */
function thrownValueOf(copy: Record<string, unknown>): unknown {
  for (const value of recentThrows()) {
    if (typeof value === 'object' && value !== null) {
      if (typeof copy.stack === 'string' && ownData(value, 'message') === copy.message && readFormattedStack(value) === copy.stack) return value;
    } else if (copy.stack === undefined && String(value) === copy.message) {
      return value;
    }
  }
  return undefined;
}

/** `describe > test`, as vitest's reporters name it (the file is not part of the name). */
function fullName(task: VitestTask): string {
  const names: string[] = [];
  for (let current: VitestTask | undefined = task; current && current.filepath === undefined; current = current.suite) names.unshift(current.name);
  return names.join(' > ');
}
