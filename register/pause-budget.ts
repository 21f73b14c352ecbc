/**
 * Bounds the time spent pausing at caught exceptions. First-chance capture pauses at every throw,
 * because V8's catch prediction misses most ESM and async crashes; a program that throws and
 * catches in a loop would pay for each one. Within each window, once the pauses have used their
 * share, the hook falls back to pausing only at throws V8 predicts to be uncaught, and returns to
 * first-chance capture when the next window starts.
 */
export class PauseBudget {
  #windowStart = 0;
  #spent = 0;
  #exhausted = false;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param budgetMs pause time allowed per window
   * @param windowMs window length
   * @param setFirstChance switches pausing at every throw on (`true`) or to predicted-uncaught only
   */
  constructor(
    readonly budgetMs: number,
    readonly windowMs: number,
    readonly setFirstChance: (on: boolean) => void,
  ) {}

  /** Whether first-chance pausing is currently off because the budget ran out. */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** Records one pause of `ms` milliseconds that ended at `now`. */
  spend(ms: number, now = performance.now()): void {
    if (now - this.#windowStart >= this.windowMs) {
      this.#windowStart = now;
      this.#spent = 0;
    }
    this.#spent += ms;
    if (this.#spent <= this.budgetMs || this.#exhausted) return;
    this.#exhausted = true;
    this.setFirstChance(false);
    const remaining = Math.max(1, this.windowMs - (now - this.#windowStart));
    // unref: the hook must never keep a program alive.
    this.#timer = setTimeout(() => this.#restore(), remaining).unref();
  }

  #restore(): void {
    this.#exhausted = false;
    this.#windowStart = performance.now();
    this.#spent = 0;
    this.setFirstChance(true);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
