/**
 * Detects when keeping the debugger on would cost the program too much. An enabled V8 debugger
 * walks the stack at every throw and serialises every compiled script; pausing at every throw
 * (first-chance capture) costs about half a millisecond more each. Within each window of
 * `windowMs`, a storm is more pause time than `pauseBudgetMs` or more compiled scripts than
 * `scriptBudget` (a large app starting up). The hook then turns the debugger off for a cool-down.
 */
/** Pauses per window that never count as a storm, however long they take. */
const MIN_PAUSES = 20;

export class StormGuard {
  #windowStart = 0;
  #pauseMs = 0;
  #pauses = 0;
  #scripts = 0;

  constructor(
    readonly pauseBudgetMs: number,
    readonly scriptBudget: number,
    readonly windowMs: number,
  ) {}

  /** Starts counting afresh, after the debugger was turned back on. */
  reset(now = performance.now()): void {
    this.#windowStart = now;
    this.#pauseMs = 0;
    this.#pauses = 0;
    this.#scripts = 0;
  }

  /** Records a pause; returns whether the pauses of this window are now a storm. */
  pause(ms: number, now = performance.now()): boolean {
    this.#roll(now);
    this.#pauseMs += ms;
    // A few pauses are always allowed: on a loaded machine one pause can take many milliseconds,
    // and the throws just before a crash are the ones worth seeing.
    return ++this.#pauses > MIN_PAUSES && this.#pauseMs > this.pauseBudgetMs;
  }

  /** Records a compiled script; returns whether the scripts of this window are now a storm. */
  script(now = performance.now()): boolean {
    this.#roll(now);
    return ++this.#scripts > this.scriptBudget;
  }

  #roll(now: number): void {
    if (now - this.#windowStart >= this.windowMs) this.reset(now);
  }
}
