/** The message of every request that would run the program. */
export const NOTHING_RUNS = 'This is a saved crash; nothing can run. Inspect the frames, variables and the exception, or evaluate expressions in the Debug Console.';

/** Requests that would run, step or rewind the program: refused, then the client is told it is still stopped. */
export const RUN_COMMANDS = new Set([
  'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'restart', 'restartFrame', 'goto',
]);

/**
 * Requests the protocol defines that a saved crash cannot serve: the base class would answer them
 * with success and no body, which claims that something was done.
 */
export const UNSUPPORTED_COMMANDS = new Set([
  'setVariable', 'setExpression', 'readMemory', 'writeMemory', 'disassemble', 'stepInTargets', 'gotoTargets',
  'breakpointLocations', 'dataBreakpointInfo', 'setDataBreakpoints', 'setInstructionBreakpoints', 'terminateThreads', 'cancel',
]);

/** What unverified breakpoints say. */
export const BREAKPOINTS_NEVER_HIT = 'This is a saved crash: nothing runs, so breakpoints are never hit.';
