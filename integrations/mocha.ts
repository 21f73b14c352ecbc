/**
 * `mocha --require wipeout/mocha` (or `require: ['wipeout/mocha']` in .mocharc): a root hook
 * plugin that saves a dump of each failing test's first failure, with the test's frames and
 * locals, and lists the dumps on stderr after mocha's summary. Serial and `--parallel` runs alike.
 * `this.skip()` and pending tests are no failures; an uncaught exception mocha turns into a test's
 * failure is saved as that test's, and one it fails the run for outside any test as that.
 * Imports nothing of mocha.
 */
import { types } from 'node:util';
import { ownData } from '../register/safe-read.js';
import { outsideTestFailed, say, startTestRun, testFailed, testRunReport, type Escape, type RunnerErrors } from './test-run.js';

/** What this plugin reads of a mocha test. */
interface MochaTest {
  state?: string;
  err?: unknown;
  file?: string;
  fullTitle(): string;
}

/** What this plugin reads of mocha's hook context. */
interface MochaContext {
  currentTest?: MochaTest;
  timeout(ms: number): void;
}

// `--parallel` runs the files in workerpool's children of mocha; otherwise mocha runs them itself.
const inParallelWorker = /[\\/]mocha[\\/]lib[\\/]nodejs[\\/]worker\.js$/.test(process.argv[1] ?? '');

/** The newest test whose afterEach hooks have run. */
let lastTest: MochaTest | undefined;
/** Set once the root suite's after-all hooks run: mocha rethrows what comes after its run. */
let runOver = false;
/** Uncaught errors mocha failed something for, not yet known to be a test's failure. */
let unclaimed: unknown[] = [];

/**
 * Mocha's listener marks each uncaught exception it fails something for (`err.uncaught = true`;
 * not a `this.skip()`, which it lets go): the running test, which then fails and is saved by its
 * afterEach; a test that already passed, which mocha reports again as failed; or, between tests,
 * a stand-in it calls "Uncaught error outside test suite". Which of the first and the last it was
 * shows only when the next afterEach (or the root's after-all hook) runs: the plugin adds no
 * before-each hook to find out sooner, since one would change the stacks mocha prints for every
 * test. A rejection nobody handles mocha re-emits to no listener, and the run goes on: nothing to
 * save.
 */
const uncaughtErrors: RunnerErrors = {
  rethrows: (error, escape) => escape === 'uncaughtException' && runOver && !isPending(error),
  heard(error: unknown, escape: Escape) {
    if (escape !== 'uncaughtException' || typeof error !== 'object' || error === null || ownData(error, 'uncaught') !== true) return undefined;
    if (lastTest !== undefined && lastTest.state === 'failed' && ownData(lastTest, 'err') === error) testFailed(error, { name: lastTest.fullTitle(), file: lastTest.file });
    else unclaimed.push(error);
    return undefined;
  },
};

/** The uncaught errors no test's afterEach claimed: failures outside any test. */
function saveUnclaimed(): void {
  for (const error of unclaimed.splice(0)) outsideTestFailed(error, 'uncaughtException', { name: 'uncaught error outside test suite', file: lastTest?.file });
}

const watching = startTestRun(inParallelWorker, uncaughtErrors);

export const mochaHooks = {
  afterEach(this: MochaContext): void {
    const test = this.currentTest;
    lastTest = test;
    runOver = false;
    // `err` is set by mocha's reporters, which hear of the failure before the hooks run.
    if (!watching) return;
    if (test?.state === 'failed' && test.err !== undefined) {
      unclaimed = unclaimed.filter((error) => error !== test.err);
      // Mocha times even a synchronous hook: a capture on a loaded machine may take longer than
      // this hook's timeout (2 s by default), which would add a failure of its own.
      this.timeout(0);
      testFailed(test.err, { name: test.fullTitle(), file: test.file });
    }
    if (unclaimed.length > 0) {
      this.timeout(0);
      saveUnclaimed();
    }
  },
  afterAll(this: MochaContext): void {
    runOver = true;
    if (unclaimed.length > 0) {
      this.timeout(0);
      saveUnclaimed();
    }
  },
};

/** Runs in mocha's own process, after the run and its reporter's summary. */
export async function mochaGlobalTeardown(): Promise<void> {
  if (!inParallelWorker) say(...(await testRunReport()));
}

/** Mocha's `this.skip()` throws a Pending, which it lets go wherever it comes. */
function isPending(error: unknown): boolean {
  // A Proxy's prototype is its trap's to say: user code, never run.
  if (typeof error !== 'object' || error === null || types.isProxy(error)) return false;
  const prototype = Object.getPrototypeOf(error) as object | null;
  const constructor = prototype === null ? undefined : ownData(prototype, 'constructor');
  return typeof constructor === 'function' && ownData(constructor, 'name') === 'Pending';
}
