/**
 * Milliseconds on a monotonic clock, for durations and deadlines within the hook: what
 * `performance.now()` gives, without reading the `performance` global, which loads node:perf_hooks
 * the first time (5 ms of the hook's start-up on Node 24, in a process that may never need it).
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
