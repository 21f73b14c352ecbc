/**
 * `mocha --require wipeout/mocha` (or `require: ['wipeout/mocha']` in .mocharc): a root hook
 * plugin that saves a dump of each failing test's first failure, with the test's frames and
 * locals, and lists the dumps on stderr after mocha's summary. Serial and `--parallel` runs alike.
 * `this.skip()` and pending tests are no failures; an uncaught exception mocha turns into a test's
 * failure is saved as that test's. Imports nothing of mocha.
 */
import { say, startTestRun, testFailed, testRunReport } from './test-run.js';

/** What this plugin reads of mocha's hook context. */
interface MochaContext {
  currentTest?: { state?: string; err?: unknown; file?: string; fullTitle(): string };
  timeout(ms: number): void;
}

// `--parallel` runs the files in workerpool's children of mocha; otherwise mocha runs them itself.
const inParallelWorker = /[\\/]mocha[\\/]lib[\\/]nodejs[\\/]worker\.js$/.test(process.argv[1] ?? '');
const watching = startTestRun(inParallelWorker);

export const mochaHooks = {
  afterEach(this: MochaContext): void {
    const test = this.currentTest;
    // `err` is set by mocha's reporters, which hear of the failure before the hooks run.
    if (!watching || test?.state !== 'failed' || test.err === undefined) return;
    // Mocha times even a synchronous hook: a capture on a loaded machine may take longer than
    // this hook's timeout (2 s by default), which would add a failure of its own.
    this.timeout(0);
    testFailed(test.err, { name: test.fullTitle(), file: test.file });
  },
};

/** Runs in mocha's own process, after the run and its reporter's summary. */
export async function mochaGlobalTeardown(): Promise<void> {
  if (!inParallelWorker) say(...(await testRunReport()));
}
