/**
 * node:test in a test file's child process: a root-level `afterEach`, registered by the preload
 * before the file loads, runs after every test of the file, subtests included, and hands the error
 * of a failing test to the hook. Only what the test's own code (or a hook) threw: a parent failing
 * because a subtest did, a timeout or a cancellation has no throw site of its own.
 */
import { createRequire } from 'node:module';

/** What `afterEach` sees of a test (node:test's TestContext, Node 20.x and later). */
interface FinishedTest {
  name: string;
  fullName?: string;
  passed?: boolean;
  error?: unknown;
}

export function watchNodeTest(failed: (thrown: unknown, testName: string) => void): void {
  const { afterEach } = createRequire(import.meta.url)('node:test') as typeof import('node:test');
  afterEach((context) => {
    const test = context as unknown as FinishedTest;
    if (test.passed !== false) return;
    const thrown = thrownBy(test.error);
    if (thrown !== undefined) failed(thrown, test.fullName ?? test.name);
  });
  // node:test has read it, and the root test exists. Left set, every process a test starts would
  // inherit it and take itself for a test file: its hook would register this hook there too, and
  // node:test's harness would then own its uncaught exceptions (exit code 7 instead of 1).
  delete process.env.NODE_TEST_CONTEXT;
}

/** The value the test threw, out of node:test's ERR_TEST_FAILURE wrapper. */
function thrownBy(failure: unknown): unknown {
  if (typeof failure !== 'object' || failure === null) return undefined;
  if (own(failure, 'code') !== 'ERR_TEST_FAILURE') return failure;
  const type = own(failure, 'failureType');
  return type === 'testCodeFailure' || type === 'hookFailure' ? own(failure, 'cause') : undefined;
}

/** An own data property, read without running a getter. */
function own(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}
