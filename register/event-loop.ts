/**
 * The event loop's scheduling functions, taken when the hook loads, before the program runs: the
 * hook schedules from inside its pause handler, and a program may have replaced the globals by
 * then (sinon's and jest's fake timers do). Calling a replaced one would run the program's code
 * in the middle of a capture, and a fake clock would never fire what the hook scheduled.
 */
export const eventLoop = {
  setImmediate: globalThis.setImmediate,
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  queueMicrotask: globalThis.queueMicrotask,
};
