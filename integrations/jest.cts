/**
 * `setupFilesAfterEnv: ['wipeout/jest']` in jest's config: in each test process, saves a dump of
 * each failing test's first failure, with the test's frames and locals. Add the reporter
 * `wipeout/jest-reporter` after jest's own to list the dumps after the run's summary.
 *
 * Jest runs this file inside the test file's vm context, through its own module registry, which
 * cannot load ES modules: the hook is loaded with Node's own `require`, in Node's realm, where it
 * sees the vm context's throws as any others, and is given this context's global so that it can
 * read the values made here (V8's inspector hands a realm's values over only inside that realm).
 * Nothing of jest is loaded.
 */
type TestRun = typeof import('./test-run.js');

/** What this file reads of jest-circus's state (jest 27-30): the test that is running. */
interface CircusTest {
  name: string;
  parent?: CircusTest;
  /** `[error, asyncError]` for a failure of the test or a hook, or the error alone for an uncaught one. */
  errors: unknown[];
}

// Jest's `require('node:module')` (and `process.getBuiltinModule`) answer with jest's own module
// system; node:vm is Node's, and its runInThisContext evaluates in Node's realm, whose `process`
// is the real one.
const nodeProcess = process.getBuiltinModule('node:vm').runInThisContext('process') as NodeJS.Process;
const nodeRequire = nodeProcess.getBuiltinModule('node:module').createRequire(__filename);
const { addRealm, startTestRun, testFailed } = nodeRequire('./test-run.js') as TestRun;
const { isMainThread } = nodeProcess.getBuiltinModule('node:worker_threads');

// In band, jest runs the tests in its own process; otherwise in jest-worker's children or threads.
const inWorkerChild = isMainThread && /[\\/]jest-worker[\\/]/.test(nodeProcess.argv[1] ?? '');
const jestGlobals = globalThis as unknown as { afterEach?: (fn: () => void) => void; expect?: { getState(): { testPath?: string } } };

if (startTestRun(inWorkerChild) && typeof jestGlobals.afterEach === 'function') {
  addRealm(globalThis);
  jestGlobals.afterEach(() => {
    const test = runningTest();
    const first = test?.errors[0];
    if (first === undefined) return;
    testFailed(Array.isArray(first) ? first[0] : first, { name: fullName(test!), file: jestGlobals.expect?.getState().testPath });
  });
}

/** jest-circus keeps its state on the test file's global, under a symbol of its own. */
function runningTest(): CircusTest | undefined {
  const key = Object.getOwnPropertySymbols(globalThis).find((symbol) => symbol.description === 'JEST_STATE_SYMBOL');
  const state = key === undefined ? undefined : (globalThis as unknown as Record<symbol, { currentlyRunningTest?: CircusTest | null }>)[key];
  return state?.currentlyRunningTest ?? undefined;
}

/** `describe test`, as jest names a test (its root block is no part of it). */
function fullName(test: CircusTest): string {
  const names: string[] = [];
  for (let current: CircusTest | undefined = test; current?.parent !== undefined; current = current.parent) names.unshift(current.name);
  return names.join(' ');
}
