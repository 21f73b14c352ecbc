/**
 * Decides, throw by throw and script by script, how much the hook may ask of V8. An enabled
 * debugger costs every compiled script (V8 reports each one) and every throw (a stack walk); a
 * pause costs about half a millisecond more, plus a little per frame. Three levels, from the most
 * capture to the least cost:
 * - `all`: pause at every throw, caught ones included. V8's catch prediction is wrong for ES
 *   modules, async functions and `--import`ed CommonJS, so only this level sees every crash.
 * - `uncaught`: pause only where V8 predicts the throw escapes. A handled throw costs V8's stack
 *   walk and no pause: a server that throws and catches hundreds of errors a second stays here,
 *   and its real crash (a throw in a callback) still pauses with every scope.
 * - `off`: the debugger is disabled. Nothing costs anything; a crash gets a stack-only dump.
 * Pauses over `pauseBudgetMs` a window move `all` down: to `off` when the throws come back to
 * back, more than `minPauses` in one turn of the event loop (a loop, where even `uncaught`'s stack
 * walk per throw would cost the program 1.5-2x), to `uncaught` when they come from separate
 * turns (requests, timers, I/O callbacks: a server). Pauses over the budget at `uncaught` (Node 20 and 22 wrongly predict
 * some caught rejections uncaught) move it to `off`. More than `scriptBudget` compiled scripts a
 * window also mean `off`. Each level below `all` lasts a cool-down that doubles while storms keep
 * coming (up to `maxCoolDownMs`) and starts again from `coolDownMs` after a calm stretch.
 */
export type PauseLevel = 'all' | 'uncaught' | 'off';

/**
 * Why the hook stepped down from `all`: shown in a dump taken meanwhile. `formatter`: the program
 * set its own `Error.prepareStackTrace`, which V8 runs to describe the error of every pause, so
 * from then on the hook pauses only at throws V8 predicts uncaught (see `capAtUncaught`).
 */
export type StormKind = 'throws' | 'scripts' | 'formatter';

export interface PausePolicyOptions {
  pauseBudgetMs: number;
  /**
   * Pause time the process may spend once, while it loads code, before any window counts it:
   * start-up is where crashes happen most, and loaders throw and catch while they look for files
   * (tsx eleven times in one turn, at 18 frames). An allowance of time rather than a longer first
   * window: a loaded machine stretches a boot over seconds, and the most it can cost a program
   * stays the same.
   */
  bootAllowanceMs: number;
  /**
   * How long after the last compiled script the program still counts as loading code, and a pause
   * may use the allowance; so does the rest of the turn of the event loop in which a script
   * compiled, however long (a loaded machine stretches it). Once a program's code is loaded, its
   * throws (a loop, a busy server) pay from the window's budget alone: the allowance is for the
   * throws around a start-up's crash.
   */
  loadingGapMs: number;
  scriptBudget: number;
  windowMs: number;
  coolDownMs: number;
  maxCoolDownMs: number;
  /** Pauses a window that never count as a storm: the throws just before a crash are worth seeing. */
  minPauses: number;
}

/** What the policy asks the hook to do now. */
export type Step = { level: PauseLevel; coolDownMs: number; storm: StormKind } | undefined;

/** Counts of the windows spent below `all`, for the dump (and the bench). */
export interface LevelHistory {
  uncaught: number;
  off: number;
  offForScripts: number;
}

export class PausePolicy {
  #level: PauseLevel = 'all';
  /** The highest level a cool-down goes back to: `uncaught` once the program formats stacks. */
  #ceiling: 'all' | 'uncaught' = 'all';
  #storm: StormKind | undefined;
  #since = 0;
  #windowStart = 0;
  #pauseMs = 0;
  #pauses = 0;
  #scripts = 0;
  #coolDownMs: number;
  #calmSince = 0;
  #allowanceMs: number;
  #lastScriptAt = -Infinity;
  #loadingThisTurn = false;
  readonly history: LevelHistory = { uncaught: 0, off: 0, offForScripts: 0 };

  constructor(readonly options: PausePolicyOptions) {
    this.#coolDownMs = options.coolDownMs;
    this.#allowanceMs = options.bootAllowanceMs;
  }

  /** Records that the program loads code at `now`: one of its scripts compiles, or the hook has just started. */
  loading(now: number): void {
    this.#lastScriptAt = now;
    this.#loadingThisTurn = true;
  }

  /** The event loop turned: the code loaded before belongs to an earlier turn. */
  turnEnded(): void {
    this.#loadingThisTurn = false;
  }

  get level(): PauseLevel {
    return this.#level;
  }

  get ceiling(): 'all' | 'uncaught' {
    return this.#ceiling;
  }

  /** The storm that brought the level below `all`, and since when (nowMs(), see clock.ts). */
  get storm(): { kind: StormKind; since: number } | undefined {
    return this.#storm ? { kind: this.#storm, since: this.#since } : undefined;
  }

  /** Back at the ceiling after a cool-down (or at the start): counting starts afresh. */
  restore(now: number): void {
    this.#level = this.#ceiling;
    this.#storm = this.#ceiling === 'all' ? undefined : 'formatter';
    this.#since = now;
    this.#calmSince = now;
    this.#reset(now);
  }

  /**
   * Records a pause that took `ms` in all (V8's share included) and ended at `now`, the
   * `pausesThisTurn`th in the current turn of the event loop; returns the level to go to when this
   * pause makes a storm.
   */
  pause(ms: number, now: number, pausesThisTurn: number): Step {
    this.#roll(now);
    const loading = this.#loadingThisTurn || now - this.#lastScriptAt <= this.options.loadingGapMs;
    const fromAllowance = loading ? Math.min(ms, this.#allowanceMs) : 0;
    this.#allowanceMs -= fromAllowance;
    this.#pauseMs += ms - fromAllowance;
    if (++this.#pauses <= this.options.minPauses || this.#pauseMs <= this.options.pauseBudgetMs) return undefined;
    const backToBack = pausesThisTurn > this.options.minPauses;
    return this.#stepDown(this.#level === 'all' && !backToBack ? 'uncaught' : 'off', 'throws', now);
  }

  /**
   * From now on pauses only at throws V8 predicts uncaught: a pause at any other throw would run
   * the program's stack formatter to describe the error (V8 reads its `stack` for the paused
   * message), which the hook must never make happen. For the rest of the process.
   */
  capAtUncaught(now: number): void {
    if (this.#ceiling === 'uncaught') return;
    this.#ceiling = 'uncaught';
    if (this.#level === 'all') {
      this.#level = 'uncaught';
      this.#storm = 'formatter';
      this.#since = now;
    }
  }

  /** Records a compiled script; returns `off` when the scripts of this window are a storm. */
  script(now: number): Step {
    if (this.#level === 'off') return undefined;
    this.#roll(now);
    if (++this.#scripts <= this.options.scriptBudget) return undefined;
    return this.#stepDown('off', 'scripts', now);
  }

  #stepDown(level: PauseLevel, storm: StormKind, now: number): Step {
    // Storms that keep coming back double the cool-down; a calm stretch resets it.
    if (now - this.#calmSince > this.options.maxCoolDownMs) this.#coolDownMs = this.options.coolDownMs;
    const coolDownMs = this.#coolDownMs;
    this.#coolDownMs = Math.min(this.#coolDownMs * 2, this.options.maxCoolDownMs);
    this.#level = level;
    this.#storm = storm;
    this.#since = now;
    if (level === 'uncaught') this.history.uncaught++;
    else if (storm === 'scripts') this.history.offForScripts++;
    else this.history.off++;
    this.#reset(now);
    return { level, coolDownMs, storm };
  }

  #roll(now: number): void {
    if (now - this.#windowStart >= this.options.windowMs) this.#reset(now);
  }

  #reset(now: number): void {
    this.#windowStart = now;
    this.#pauseMs = 0;
    this.#pauses = 0;
    this.#scripts = 0;
  }
}
