import { writeSync } from 'node:fs';
import { url as inspectorUrl } from 'node:inspector';
import type { Dump, EscapeInfo } from '../dump/types.js';
import { createRequire } from 'node:module';
import type { HandledDetails, Pausing } from './assemble-dump.js';
import { PausePolicy, type PauseLevel } from './pause-policy.js';
import { atNextSafePoint } from './safe-point.js';
import { takeSnapshot, type CallFrame, type ThrowSnapshot } from './throw-snapshot.js';
import { watchNodeTest } from './node-test.js';
import { isTestChild, noteTestDump, readIndex, testRunFolder } from './test-run.js';
import { ThrowSites } from './throw-sites.js';
import { ListenerBracket } from './listener-bracket.js';
import { recordStateAtThrow } from './state-at-throw.js';
import { ownData } from './safe-read.js';
import { acceptStackFormatter, intrinsics as I } from './intrinsics.js';
import type { RemoteObject } from './inspector-bridge.js';
import { SyncSession } from './inspector-session.js';
import { resolveOptions, type InstallOptions, type ResolvedOptions } from './options.js';
import { createRedactor, noRedaction, type Redactor } from './redact.js';
import { nowMs } from './clock.js';
import { eventLoop } from './event-loop.js';

/** What `install()` returns. */
export interface Installation {
  /** Stops capturing: removes the listeners and closes the inspector session. */
  uninstall(): void;
  /**
   * Saves a dump now, for an error the program handles (its throw site when the hook still holds
   * it) or, without an argument, of the current stack. Returns where it went, or `undefined` when
   * it was not saved (the stderr line says why, or the per-minute cap was reached).
   */
  dump(error?: unknown): string | undefined;
}

/** Saves a dump now (see `Installation.dump`), installing the hook from the environment if needed. */
export function dump(...error: [unknown?]): string | undefined {
  const hook = active ?? install();
  return error.length > 0 ? hook.dump(error[0]) : hook.dump();
}

/**
 * Saves a dump of a handled error with what a server integration knows of it (fingerprint, request);
 * see integrations/record-handled-error.ts, which decides when. Installs the hook if needed.
 */
export function dumpHandled(error: unknown, details: HandledDetails): string | undefined {
  // install() returns the thread's one Hook.
  return (active ?? (install() as Hook)).recordHandled(error, details);
}

/** The hook of this thread, installed from the environment if nothing installed it yet. */
export function ensureInstalled(): Installation {
  return active ?? install();
}

/** A failing test: its full name, and the file it is in. */
export interface FailedTest {
  name: string;
  file?: string;
}

/** How an error reached the runner's listeners. */
export type Escape = 'uncaughtException' | 'unhandledRejection';

/** An error a runner fails the run for outside any test, as the runner names it. */
export interface OutsideTest {
  /** What the runner calls it: `unhandled error in checkout.test.js`. */
  name: string;
  file?: string;
}

/**
 * What a runner's integration knows of the uncaught exceptions and unhandled rejections its runner
 * listens for. The hook hears each one before the runner's listeners and after them.
 */
export interface RunnerErrors {
  /**
   * Before the runner's listeners: true when the runner will rethrow it (mocha, once its run is
   * over), so that it becomes a crash the hook saves now, as a crash.
   */
  rethrows?(error: unknown, escape: Escape): boolean;
  /**
   * After them: what the runner made of it. Saves it as a test's failure itself (a test whose own
   * afterEach has run already), or returns what to save it as when the runner fails the run for it
   * outside any test; undefined when there is nothing to save (the runner does not count it as a
   * failure, or a test's afterEach will save it).
   */
  heard(error: unknown, escape: Escape, listeners: Function[]): OutsideTest | undefined;
}

/**
 * For a test runner's integration (integrations/test-run.ts), in the process that runs the tests:
 * from now on dumps go quietly into the run's `folder`, named after the test, and the errors the
 * runner handles (the uncaught exceptions it turns into failures, mocha's skips) are left to it;
 * `runner` says which of those are failures outside any test.
 */
export function enterTestRun(folder: string, runner?: RunnerErrors): void {
  (active ?? (install() as Hook)).enterTestRun(folder, runner);
}

/**
 * Saves an error the runner failed the run for outside any test, found out later than its
 * listeners ran (see RunnerErrors.heard): once, never also as a test's failure.
 */
export function recordOutsideTest(thrown: unknown, escape: Escape, outside: OutsideTest): void {
  (active ?? (install() as Hook)).failedOutsideTest(thrown, escape, outside);
}

/**
 * In the process that printed the run's report: dumps saved from now on (a crash after the run)
 * are announced on stderr as a program's are, since nothing will list them.
 */
export function testRunReported(): void {
  active?.testRunReported();
}

/** Saves a dump of a test's failure (see enterTestRun), the first time its error is seen. */
export function recordTestFailure(thrown: unknown, test: FailedTest): void {
  (active ?? (install() as Hook)).testFailed(thrown, test);
}

/**
 * For an integration that runs inside a node:vm context (jest's test files): lets the hook read
 * the locals of frames that run there (see inspector-bridge.ts). Held weakly.
 */
export { addRealm } from './inspector-bridge.js';

/** The values of the newest throw sites the hook still holds, newest first (see ThrowSites.recent). */
export function recentThrows(): unknown[] {
  return active?.recentThrows() ?? [];
}

/** Frames of wipeout itself, left out of a dump of the current stack. */
const OWN_CODE = new URL('.', import.meta.url).href;

interface PausedEvent {
  params: { reason: string; data?: RemoteObject; callFrames: CallFrame[] };
}

/** One hook per thread: installing twice reuses it, so a crash is never captured twice. */
let active: Hook | undefined;

/**
 * Saves a dump of every uncaught exception of this thread. `install()` reads the environment;
 * `install(() => '~/crashes/app-' + Date.now() + '.wipeout')` names each dump, as the Python
 * original does. Returns a handle whose `uninstall()` stops it.
 */
export function install(nameOrOptions?: (() => string) | InstallOptions, maybeOptions: InstallOptions = {}): Installation {
  const options = typeof nameOrOptions === 'function' ? { ...maybeOptions, file: nameOrOptions } : { ...nameOrOptions, ...maybeOptions };
  if (active) {
    active.reconfigure(options);
    return active;
  }
  active = new Hook(options);
  return active;
}

/**
 * Pause time allowed per window at each level before the hook asks less of V8 (see PausePolicy).
 * 20 ms a second is 2% of one core: a server's validation throws spend it in about ten pauses at
 * a framework's depth, and then pause only where V8 predicts a throw escapes.
 */
const PAUSE_POLICY = {
  pauseBudgetMs: 20,
  /** Once per process, before the windows count: a start-up's handled throws, where boot crashes are. */
  bootAllowanceMs: 40,
  /** A timer that fires 20 ms after the last module loaded still counts; a loop a second later does not. */
  loadingGapMs: 50,
  /**
   * Scripts compiled per window before the debugger is turned off for a while. An app's start-up
   * fits (Express 4 loads about 130 modules, a typical service 200-300), so its boot crashes keep
   * their locals; a 3,000-module start-up pays for 300 of them and runs the rest without.
   */
  scriptBudget: 300,
  windowMs: 1_000,
  /** The first cool-down; each storm that follows soon after doubles it, up to the maximum. */
  coolDownMs: 1_000,
  maxCoolDownMs: 60_000,
  minPauses: 3,
};
/**
 * Under a test runner: the failures are what the run is for, and a runner's own throws (skips,
 * retries, expected errors) and the modules each test file loads come in bursts that would use up
 * a program's budgets before the first failure. A quarter of a core for pauses, and ten times the
 * scripts, before the hook steps down.
 */
const TEST_RUN_PAUSE_POLICY = { ...PAUSE_POLICY, pauseBudgetMs: 250, bootAllowanceMs: 250, loadingGapMs: Infinity, scriptBudget: 3_000 };
/**
 * V8's and Node's share of a pause, which the handler cannot time: building the paused message
 * and parsing it back, for every frame of the stack. Measured with an empty handler on Node 20,
 * 22, 24 and 26: 0.6-0.8 ms plus 0.025-0.04 ms per frame on a quiet machine, 0.055-0.075 ms on a
 * loaded one (docs/PERFORMANCE.md); between the two, so that deep stacks are not undercharged.
 */
const PAUSE_OVERHEAD_MS = 0.8;
const PAUSE_OVERHEAD_PER_FRAME_MS = 0.05;

class Hook implements Installation {
  #session: SyncSession;
  #options!: ResolvedOptions;
  #redactor!: Redactor;
  /** Throw sites by thrown value, until the value escapes or is dropped. */
  #snapshots = new ThrowSites();
  #scriptUrls = new Map<string, string>();
  #budgets = { crash: [] as number[], manual: [] as number[] };
  /** Values already saved: a rethrow from the program's own handler is not a second crash. */
  #saved = new WeakSet<object>();
  #policy = new PausePolicy(PAUSE_POLICY);
  #enabled = false;
  /**
   * Under `--inspect` the attached debugger owns pausing: V8 keeps one pause-on-exceptions setting
   * per process and shows every pause to every session, so the hook neither sets it nor resumes.
   * It still snapshots the throw sites that the user's debugger pauses at.
   */
  #passive = inspectorUrl() !== undefined;
  /** Set while `Debugger.enable` replays the scripts already compiled: those are not a storm. */
  #replaying = false;
  #coolDownTimer: NodeJS.Timeout | undefined;
  /** Pauses since the event loop last turned (see #countTurn). */
  #pausesThisTurn = 0;
  #turnPending = false;
  #onTurn = () => {
    this.#turnPending = false;
    this.#pausesThisTurn = 0;
    this.#policy.turnEnded();
  };
  /**
   * Set while the hook's own inspector calls run (a snapshot, a capture). The scripts they compile
   * are no storm, and no time to change levels either: V8 puts its pause-on-exceptions state back
   * as it was when each of the snapshot's silent calls ends, so a change made meanwhile is lost.
   */
  #ownWork = false;
  /** The run's folder when this process runs a test file for `node --test`; read once, at install. */
  #testRun = isTestChild() ? testRunFolder() : undefined;
  /** Set under a test runner's integration, which owns the uncaught exceptions it listens for. */
  #runnerHandlesCrashes = false;
  #runner: RunnerErrors | undefined;
  /** Set once this process has printed the run's report (see testRunReported). */
  #reported = false;
  /**
   * Around the program's `unhandledRejection` listeners (always) and, under a runner, its
   * `uncaughtException` listeners: see listener-bracket.ts.
   */
  #rejections: ListenerBracket;
  #exceptions: ListenerBracket | undefined;
  #givenOptions: InstallOptions = {};
  /** Set while a step down asked for inside `scriptParsed` waits for V8 to finish compiling. */
  #stepping = false;
  #onPaused = (event: PausedEvent) => this.#paused(event);
  #onScriptParsed = (event: { params: { scriptId: string; url: string } }) => {
    if (event.params.url) this.#scriptUrls.set(event.params.scriptId, event.params.url);
    // The snapshot's own calls compile scripts: neither a storm nor a time to change levels
    // (#paused looks at the formatter after the snapshot).
    if (this.#replaying || this.#passive || this.#ownWork) return;
    this.#noticeStackFormatter();
    const now = nowMs();
    // Node's own modules load lazily at any time (node:perf_hooks at a first performance.now()).
    if (!event.params.url.startsWith('node:')) this.#loading(now);
    if (this.#stepping) return;
    const step = this.#policy.script(now);
    if (!step) return;
    this.#stepping = true;
    atNextSafePoint(() => {
      this.#stepping = false;
      this.#apply(step.level, step.coolDownMs);
    });
  };
  #onUncaught = (error: unknown, origin: string) => {
    // A runner's own listener turns it into a test's failure (saved as that), or decides it is none
    // (the bracket hears which, after it).
    if (this.#runnerHandlesCrashes && (this.#exceptions?.others().length ?? process.listenerCount('uncaughtException')) > 0) return;
    this.#crashed(error, origin);
  };
  /**
   * Before the program's listeners. Node crashes on an unhandled rejection only when nobody listens
   * for it, so the hook cannot listen on its own: a program that listens (to log and exit, say) has
   * it saved here, and Node's behaviour stays the same. Under a runner, the runner decides.
   */
  #beforeOthers(error: unknown, escape: Escape): void {
    if (!this.#runnerHandlesCrashes) {
      if (escape === 'unhandledRejection') this.#crashed(error, escape);
    } else if (this.#runner?.rethrows?.(error, escape)) {
      this.#crashed(error, escape);
    }
  }

  /** After the runner's listeners: a failure outside any test is saved, named as the runner names it. */
  #afterOthers(error: unknown, escape: Escape, listeners: Function[]): void {
    if (!this.#runnerHandlesCrashes || this.#runner === undefined) return;
    const outside = this.#runner.heard(error, escape, listeners);
    if (outside !== undefined) this.failedOutsideTest(error, escape, outside);
  }

  constructor(options: InstallOptions) {
    this.reconfigure(options);
    this.#session = new SyncSession();
    this.#session.session.on('Debugger.scriptParsed', this.#onScriptParsed);
    this.#session.session.on('Debugger.paused', this.#onPaused);
    this.#enable();
    // The program's code loads from here on (after Debugger.enable, which takes 30-45 ms).
    this.#loading(nowMs());
    process.on('uncaughtExceptionMonitor', this.#onUncaught);
    this.#rejections = this.#bracket('unhandledRejection');
    if (this.#testRun !== undefined) watchNodeTest((thrown, name) => this.testFailed(thrown, { name, file: process.argv[1] }));
  }

  #bracket(escape: Escape): ListenerBracket {
    return new ListenerBracket(escape, {
      before: (error) => this.#beforeOthers(error, escape),
      after: (error, others) => this.#afterOthers(error, escape, others),
    });
  }

  reconfigure(options: InstallOptions): void {
    this.#givenOptions = options;
    this.#options = resolveOptions(options, process.env, this.#testRun);
    this.#redactor = this.#options.redact ? createRedactor({ patterns: this.#options.redactPatterns, env: process.env }) : noRedaction;
  }

  uninstall(): void {
    process.off('uncaughtExceptionMonitor', this.#onUncaught);
    this.#rejections.dispose();
    this.#exceptions?.dispose();
    eventLoop.clearTimeout(this.#coolDownTimer);
    this.#session.session.off('Debugger.paused', this.#onPaused);
    this.#session.session.off('Debugger.scriptParsed', this.#onScriptParsed);
    try {
      this.#session.disconnect();
    } catch {
      // Already disconnected.
    }
    this.#snapshots.clear();
    if (active === this) active = undefined;
  }

  /**
   * Turns the debugger on and pauses at every throw (`all`): V8's catch prediction (`uncaught`)
   * misses ESM, async and `--import`ed CommonJS crashes, so every throw site is snapshotted and
   * kept only if its value escapes.
   */
  #enable(): void {
    this.#replaying = true;
    try {
      this.#session.post('Debugger.enable');
      this.#policy.restore(nowMs());
      if (!this.#passive) this.#session.post('Debugger.setPauseOnExceptions', { state: this.#policy.level });
      this.#enabled = true;
    } catch {
      // The session is closing.
    } finally {
      this.#replaying = false;
    }
  }

  /**
   * Goes to a lower pause level for a cool-down, then back to `all`. At `off` the program runs at
   * full speed and a crash gets a dump from its stack string alone; at `uncaught` it pays V8's
   * stack walk per throw and pauses where V8 predicts a crash.
   */
  #apply(level: PauseLevel, coolDownMs: number): void {
    if (!this.#enabled) return;
    try {
      if (level === 'off') {
        this.#session.post('Debugger.disable');
        this.#enabled = false;
      } else {
        this.#session.post('Debugger.setPauseOnExceptions', { state: level });
      }
    } catch {
      return;
    }
    eventLoop.clearTimeout(this.#coolDownTimer);
    // unref: the hook must never keep a program alive.
    this.#coolDownTimer = eventLoop.setTimeout(() => this.#restore(), coolDownMs).unref();
  }

  #restore(): void {
    if (!this.#enabled) {
      this.#enable();
      return;
    }
    this.#policy.restore(nowMs());
    this.#pauseOnExceptionsAgain();
  }

  #paused({ params }: PausedEvent): void {
    // Only pauses on exceptions are ours; a breakpoint belongs to a debugger the user attached.
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') return;
    const cpuAtStart = threadCpuUsage();
    this.#ownWork = true;
    try {
      const snapshot = takeSnapshot(this.#session, params.callFrames, params.data, this.#options.limits.frames, this.#scriptUrls, params.reason);
      this.#snapshots.remember(snapshot);
      // A rethrow keeps its first site, and that site's values are read at the escape.
      const predictedEscaping = params.reason === 'exception' && (params.data as { uncaught?: boolean } | undefined)?.uncaught === true;
      if (this.#snapshots.get(snapshot.thrown) === snapshot) {
        if (predictedEscaping) this.#captureAtThrow(snapshot);
        else snapshot.stateAtThrow = recordStateAtThrow(snapshot.frames);
      }
    } catch {
      // A snapshot that fails leaves the crash to a stack-only dump; the program must go on.
    } finally {
      this.#ownWork = false;
    }
    if (this.#passive) return;
    this.#noticeStackFormatter();
    // node:vm rethrows a script's error from C++; pausing at that rethrow makes Node lose the error
    // (the process exits 0, or aborts). Already snapshotted, the rest of this throw goes unpaused.
    const fromVm = params.callFrames.some((frame) => (frame.url || this.#scriptUrls.get(frame.location.scriptId)) === 'node:vm');
    try {
      if (fromVm) this.#session.post('Debugger.setPauseOnExceptions', { state: 'none' });
      this.#session.post('Debugger.resume');
    } catch {
      // Not paused any more.
    }
    if (fromVm) eventLoop.queueMicrotask(() => this.#pauseOnExceptionsAgain());
    const now = nowMs();
    // Already resumed: V8 lets the debugger go off from here, before the program continues.
    const unseenMs = PAUSE_OVERHEAD_MS + PAUSE_OVERHEAD_PER_FRAME_MS * params.callFrames.length;
    const spent = threadCpuUsage(cpuAtStart);
    const step = this.#policy.pause((spent.user + spent.system) / 1000 + unseenMs, now, this.#countTurn());
    if (step) this.#apply(step.level, step.coolDownMs);
  }

  /**
   * Reads the crash's values now, inside the pause, where V8 predicts the throw escapes: by the
   * time it does, a `finally` block or an error handler may have changed what the frames point to
   * (an immer draft is revoked, a request object reset). Only throws: V8 predicts many a rejection
   * wrongly. The time it takes is the pause's, and counts toward a storm like the rest of it.
   */
  #captureAtThrow(snapshot: ThrowSnapshot): void {
    if (this.#recentDumps('crash').length >= this.#options.maxPerMinute) return;
    try {
      snapshot.values = loadSaveCrash().captureAtThrow({
        session: this.#session,
        thrown: snapshot.thrown,
        snapshot,
        causes: this.#causeSnapshots(snapshot.thrown),
        scriptUrls: this.#scriptUrls,
        options: this.#options,
        redactor: this.#redactor,
      });
    } catch {
      // Read at the escape instead.
    }
  }

  /**
   * Counts this pause in the current turn of the event loop: throws that come in one turn are a
   * loop, throws from separate turns are requests or callbacks. One unref'd immediate per turn
   * with a pause or a compiled script marks where the turn ends.
   */
  #countTurn(): number {
    this.#watchTurn();
    return ++this.#pausesThisTurn;
  }

  /** The program loads code in this turn of the event loop (see PausePolicy.loading). */
  #loading(now: number): void {
    this.#policy.loading(now);
    this.#watchTurn();
  }

  #watchTurn(): void {
    if (this.#turnPending) return;
    this.#turnPending = true;
    eventLoop.setImmediate(this.#onTurn).unref();
  }

  /**
   * A program that sets its own `Error.prepareStackTrace` (source-map-support, jest, vitest,
   * ts-node do) would have it called at every pause: V8 reads the error's `stack` to describe it
   * in the paused message, before the handler runs. So once one is seen (checked at each compiled
   * script and each pause, a property read), the hook pauses only where V8 predicts a throw
   * escapes, where Node formats the stack anyway. At most the throws between the program setting
   * it and the next script or pause still run it. (One set by a preload before the hook's counts
   * as Node's own.)
   */
  #noticeStackFormatter(): void {
    if (Error.prepareStackTrace === I.prepareStackTrace || this.#policy.ceiling === 'uncaught') return;
    this.#policy.capAtUncaught(nowMs());
    if (this.#policy.level === 'uncaught') this.#pauseOnExceptionsAgain();
  }

  #pauseOnExceptionsAgain(): void {
    if (!this.#enabled) return;
    try {
      this.#session.post('Debugger.setPauseOnExceptions', { state: this.#policy.level === 'uncaught' ? 'uncaught' : 'all' });
    } catch {
      // The session is closing.
    }
  }

  #crashed(thrown: unknown, origin: string): void {
    if (!this.#markSaved(thrown)) return;
    const snapshot = this.#snapshots.get(thrown);
    const nodeOrigin = origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException';
    // Under --import a CommonJS entry runs inside the ES module loader, whose promise turns a
    // plain synchronous throw into an "unhandled rejection": the user wrote an uncaught exception.
    if (nodeOrigin === 'unhandledRejection' && snapshot?.syncInCommonJs) {
      this.#record('uncaughtException', thrown, snapshot, { escape: { nodeOrigin, thrownIn: 'commonjs' } });
      return;
    }
    this.#record(nodeOrigin, thrown, snapshot);
  }

  enterTestRun(folder: string, runner?: RunnerErrors): void {
    this.#testRun = folder;
    this.#runnerHandlesCrashes = true;
    this.#runner = runner;
    // The runner's listeners are in place or come later; either way the hook hears around them.
    this.#exceptions ??= this.#bracket('uncaughtException');
    this.#snapshots.keepRecent = true;
    this.reconfigure(this.#givenOptions);
    // The runner's stack formatter is in place by now (see acceptStackFormatter); a runner's
    // start-up may have sent the hook into a cool-down: the run starts afresh, at `all`.
    acceptStackFormatter();
    eventLoop.clearTimeout(this.#coolDownTimer);
    this.#policy = new PausePolicy(TEST_RUN_PAUSE_POLICY);
    this.#restore();
  }

  testRunReported(): void {
    this.#reported = true;
  }

  recentThrows(): unknown[] {
    return this.#snapshots.recent();
  }

  /**
   * A failing test of a run: saved the first time it fails, within the run's cap, unless its
   * error already escaped as a crash (node:test reports an uncaught exception as the failure of
   * the test that was running).
   */
  testFailed(thrown: unknown, test: FailedTest): void {
    const folder = this.#testRun;
    if (folder === undefined || !this.#markSaved(thrown)) return;
    if (this.#pastTestCap(folder)) {
      noteTestDump(folder, { test: test.name, file: test.file, skipped: true });
      return;
    }
    this.#record('testFailure', thrown, this.#snapshots.get(thrown), { test });
  }

  /**
   * An error the runner fails the run for outside any test: saved once (never also as a test's
   * failure), within the run's cap, as the uncaught exception or rejection it was.
   */
  failedOutsideTest(thrown: unknown, escape: Escape, outside: OutsideTest): void {
    const folder = this.#testRun;
    if (folder === undefined || !this.#markSaved(thrown)) return;
    if (this.#pastTestCap(folder)) {
      noteTestDump(folder, { outside: outside.name, file: outside.file, skipped: true });
      return;
    }
    this.#record(escape, thrown, this.#snapshots.get(thrown), { outside });
  }

  /** Marks a thrown object as saved; false when it was already (a primitive is never marked). */
  #markSaved(thrown: unknown): boolean {
    if (typeof thrown !== 'object' || thrown === null) return true;
    if (this.#saved.has(thrown)) return false;
    this.#saved.add(thrown);
    return true;
  }

  /** Whether the run's cap of saved failures (tests' and others) is reached. */
  #pastTestCap(folder: string): boolean {
    return readIndex(folder).filter((entry) => entry.test !== undefined || entry.outside !== undefined).length >= this.#options.maxTestDumps;
  }

  dump(error?: unknown): string | undefined {
    if (arguments.length > 0) return this.#record('manual', error, this.#snapshots.get(error));
    // Throwing makes the debugger pause right here, with every caller's scopes: the current stack.
    const here = new Error('wipeout.dump() was called here');
    try {
      throw here;
    } catch {
      // Caught at once: the pause handler has taken the snapshot.
    }
    const snapshot = this.#snapshots.get(here);
    if (snapshot) snapshot.frames = snapshot.frames.filter((frame) => !frame.url.startsWith(OWN_CODE));
    return this.#record('manual', here, snapshot);
  }

  recordHandled(error: unknown, details: HandledDetails): string | undefined {
    return this.#record('manual', error, this.#snapshots.get(error), { handled: details });
  }

  /**
   * Saves one dump, within the per-minute cap (a test run has its own); returns where it went, or
   * undefined. In a test file's child of `node --test` it says nothing (its stderr is the runner's
   * output) and notes the dump for the runner, which prints it after its summary.
   */
  #record(reason: Dump['reason'], thrown: unknown, snapshot: ThrowSnapshot | undefined, more: { test?: FailedTest; outside?: OutsideTest; handled?: HandledDetails; escape?: EscapeInfo } = {}): string | undefined {
    const { test, outside, handled, escape } = more;
    const quietly = this.#reported ? undefined : this.#testRun;
    const noted = outside ? { outside: outside.name, file: outside.file } : { test: test?.name, file: test ? test.file : process.argv[1] };
    try {
      if (reason !== 'testFailure') {
        // Dumps the program asks for have a budget of their own: they never use up the crash's.
        const recent = this.#recentDumps(reason === 'manual' ? 'manual' : 'crash');
        if (recent.length >= this.#options.maxPerMinute) return undefined;
        recent.push(Date.now());
      }
      const pausing = this.#pausing();
      const saved = this.#forCapture(() => {
        const input = {
          session: this.#session,
          reason,
          escape,
          thrown,
          snapshot,
          causes: this.#causeSnapshots(thrown),
          scriptUrls: this.#scriptUrls,
          options: this.#options,
          redactor: this.#redactor,
          pausing,
          test,
          handled,
        };
        this.#snapshots.delete(thrown);
        // Writing throws and catches too (a name already taken, a folder to make).
        return loadSaveCrash().saveCrash(input, this.#options, outside?.name);
      });
      if (quietly !== undefined) noteTestDump(quietly, { location: saved.location, ...noted });
      else say(saved.line);
      return saved.location;
    } catch (error) {
      const problem = (error as Error)?.message ?? String(error);
      if (quietly === undefined) say(`wipeout: the crash could not be saved: ${problem}`);
      else {
        try {
          noteTestDump(quietly, { ...noted, problem });
        } catch {
          // Nowhere to say it without changing the runner's output.
        }
      }
      return undefined;
    }
  }

  /** The times of this minute's dumps from one budget (the list itself, to add to). */
  #recentDumps(budget: 'crash' | 'manual'): number[] {
    const now = Date.now();
    return (this.#budgets[budget] = this.#budgets[budget].filter((time) => now - time < 60_000));
  }

  /**
   * Runs the capture with the debugger on and pausing off. Off: the hook's own reads throw and
   * catch (a binding in its temporal dead zone, say), and those throws are neither throw sites nor
   * part of a storm; the scripts it compiles (the dump writer) are no storm either. On: the scripts'
   * text comes from the inspector, and a storm's cool-down may have turned the debugger off, even
   * right after the crash's own pause. It goes off again afterwards, its cool-down unchanged.
   */
  #forCapture<T>(capture: () => T): T {
    if (this.#passive) return capture();
    const wasOff = !this.#enabled;
    this.#ownWork = true;
    try {
      // Turning it on replays every script compiled so far: known already, and no storm.
      if (wasOff) this.#session.post('Debugger.enable');
      this.#session.post('Debugger.setPauseOnExceptions', { state: 'none' });
    } catch {
      // The session is closing: the capture reads what it can without it.
    }
    try {
      return capture();
    } finally {
      try {
        if (wasOff) this.#session.post('Debugger.disable');
      } catch {
        // Closing.
      }
      this.#ownWork = false;
      if (!wasOff) this.#pauseOnExceptionsAgain();
    }
  }

  /** Who paused at throws when the crash came, and at which level (see AssembleInput.pausing). */
  #pausing(): Pausing {
    if (this.#passive) return { by: 'attached-debugger' };
    const storm = this.#policy.storm;
    const level = this.#enabled ? this.#policy.level : 'off';
    return {
      by: 'hook',
      level,
      ...(storm && level !== 'all' ? { storm: storm.kind, forMs: Math.round(nowMs() - storm.since) } : {}),
      history: { ...this.#policy.history },
    };
  }

  /** Throw sites still held for the errors of the cause chain. */
  #causeSnapshots(thrown: unknown): Array<{ depth: number; snapshot: ThrowSnapshot }> {
    const found: Array<{ depth: number; snapshot: ThrowSnapshot }> = [];
    const seen = new Set<unknown>([thrown]);
    let current = thrown;
    for (let depth = 1; depth <= 20; depth++) {
      const cause = typeof current === 'object' && current !== null ? ownData(current, 'cause') : undefined;
      if (cause === undefined || seen.has(cause)) break;
      seen.add(cause);
      const snapshot = this.#snapshots.get(cause);
      if (snapshot) found.push({ depth, snapshot });
      current = cause;
    }
    return found;
  }
}

/**
 * CPU time of this thread (Node 22+; the process's on Node 20): what a pause costs the program. Wall
 * time would count the moments a busy machine gave the CPU to others, and a loaded machine would
 * make an app's few handled throws at boot look like a storm. Some kernels count it in scheduler
 * ticks (4 ms on the CI machine: most pauses read 0, some 4): summed over pauses, it evens out.
 */
type CpuClock = (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
const threadClock = (process as { threadCpuUsage?: CpuClock }).threadCpuUsage;
const threadCpuUsage: CpuClock = typeof threadClock === 'function' ? threadClock.bind(process) : process.cpuUsage.bind(process);

let crashWriter: typeof import('./save-crash.js') | undefined;

/** The dump writer, loaded at the first capture (see save-crash.ts). */
function loadSaveCrash(): typeof import('./save-crash.js') {
  crashWriter ??= createRequire(import.meta.url)('./save-crash.js') as typeof import('./save-crash.js');
  return crashWriter;
}

/** Writes one line to stderr synchronously, so that it lands before the process exits. */
function say(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr is closed: there is nobody to tell.
  }
}
