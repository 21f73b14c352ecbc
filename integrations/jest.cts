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
type Escape = import('./test-run.js').Escape;

/** What this file reads of jest-circus's state (jest 27-30): the test that is running. */
interface CircusTest {
  type?: 'test';
  name: string;
  parent?: CircusTest;
  /** `[error, asyncError]` for a failure of the test or a hook, or the error alone for an uncaught one. */
  errors: unknown[];
  /** jest 30: the rejections nobody handled while it ran, until they count as its failures. */
  unhandledRejectionErrorByPromise?: Map<unknown, unknown>;
}

/** And of the state itself: the tests, and the errors no test owns ("Test suite failed to run"). */
interface CircusState {
  currentlyRunningTest?: CircusTest | null;
  rootDescribeBlock?: CircusBlock;
  unhandledErrors?: unknown[];
  unhandledRejectionErrorByPromise?: Map<unknown, unknown>;
}
interface CircusBlock {
  type?: 'describeBlock';
  children?: Array<CircusBlock | CircusTest>;
}

// Jest's `require('node:module')` (and `process.getBuiltinModule`) answer with jest's own module
// system; node:vm is Node's, and its runInThisContext evaluates in Node's realm, whose `process`
// is the real one.
const nodeProcess = process.getBuiltinModule('node:vm').runInThisContext('process') as NodeJS.Process;
const nodeRequire = nodeProcess.getBuiltinModule('node:module').createRequire(__filename);
const { addRealm, startTestRun, testFailed } = nodeRequire('./test-run.js') as TestRun;
const { relative } = nodeProcess.getBuiltinModule('node:path');
const { isMainThread } = nodeProcess.getBuiltinModule('node:worker_threads');

// In band, jest runs the tests in its own process; otherwise in jest-worker's children or threads.
const inWorkerChild = isMainThread && /[\\/]jest-worker[\\/]/.test(nodeProcess.argv[1] ?? '');
const jestGlobals = globalThis as unknown as { afterEach?: (fn: () => void) => void; expect?: { getState(): { testPath?: string } } };

const testFile = jestGlobals.expect?.getState().testPath;
/** Tests whose afterEach has run: an error that comes to them later is saved when it comes. */
const finished = new WeakSet<CircusTest>();
/**
 * jest-circus listens for uncaught exceptions and unhandled rejections from its 'setup' on, which
 * comes before this file, and keeps each with whatever owns it (jest 30: the test or hook whose
 * code scheduled it) to report later: as that test's failure, or, owned by no test, as "Test suite
 * failed to run". Unlike vitest's, its listener does not step back for a test's.
 */
const jestListeners: Record<Escape, Function[]> = { uncaughtException: nodeProcess.listeners('uncaughtException'), unhandledRejection: nodeProcess.listeners('unhandledRejection') };
const heldErrors = {
  heard(error: unknown, escape: Escape, listeners: Function[]) {
    const state = circusState();
    if (state === undefined || !listeners.some((listener) => jestListeners[escape].includes(listener))) return undefined;
    const owner = ownerOf(state.rootDescribeBlock, error, escape);
    if (owner !== undefined) {
      // Its afterEach saves it, unless that has run (or a rejection waits to count when the test ends).
      if (finished.has(owner) || escape === 'unhandledRejection') testFailed(error, { name: fullName(owner), file: testFile });
      return undefined;
    }
    const unowned = escape === 'uncaughtException' ? state.unhandledErrors?.includes(error) : [...(state.unhandledRejectionErrorByPromise?.values() ?? [])].includes(error);
    return unowned ? { name: `test suite failed to run: ${testFile === undefined ? 'a test file' : relative(nodeProcess.cwd(), testFile)}`, file: testFile } : undefined;
  },
};

if (startTestRun(inWorkerChild, heldErrors) && typeof jestGlobals.afterEach === 'function') {
  addRealm(globalThis);
  jestGlobals.afterEach(() => {
    const test = circusState()?.currentlyRunningTest ?? undefined;
    if (test) finished.add(test);
    const first = test?.errors[0];
    if (first === undefined) return;
    testFailed(Array.isArray(first) ? first[0] : first, { name: fullName(test!), file: testFile });
  });
}

/** jest-circus keeps its state on the test file's global, under a symbol of its own. */
function circusState(): CircusState | undefined {
  const key = Object.getOwnPropertySymbols(globalThis).find((symbol) => symbol.description === 'JEST_STATE_SYMBOL');
  return key === undefined ? undefined : (globalThis as unknown as Record<symbol, CircusState | undefined>)[key];
}

/** The test that jest keeps an uncaught error (or unhandled rejection) with, if any. */
function ownerOf(block: CircusBlock | undefined, error: unknown, escape: Escape): CircusTest | undefined {
  for (const child of block?.children ?? []) {
    if (child.type === 'describeBlock') {
      const found = ownerOf(child, error, escape);
      if (found) return found;
    } else if (child.type === 'test') {
      const test = child as CircusTest;
      const held = escape === 'uncaughtException' ? test.errors : [...(test.unhandledRejectionErrorByPromise?.values() ?? [])];
      if (held.some((entry) => entry === error || (Array.isArray(entry) && entry[0] === error))) return test;
    }
  }
  return undefined;
}

/** `describe test`, as jest names a test (its root block is no part of it). */
function fullName(test: CircusTest): string {
  const names: string[] = [];
  for (let current: CircusTest | undefined = test; current?.parent !== undefined; current = current.parent) names.unshift(current.name);
  return names.join(' ');
}
