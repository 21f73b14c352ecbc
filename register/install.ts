import { writeSync } from 'node:fs';
import { url as inspectorUrl } from 'node:inspector';
import type { Dump } from '../dump/types.js';
import { assembleDump } from './assemble-dump.js';
import { StormGuard } from './storm-guard.js';
import { takeSnapshot, type CallFrame, type ThrowSnapshot } from './throw-snapshot.js';
import { ThrowSites } from './throw-sites.js';
import { ownData } from './safe-read.js';
import type { RemoteObject } from './inspector-bridge.js';
import { SyncSession } from './inspector-session.js';
import { saveDump } from './save-dump.js';
import { resolveOptions, type InstallOptions, type ResolvedOptions } from './options.js';
import { createRedactor, noRedaction, type Redactor } from './redact.js';

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

/** Pause time allowed per second before the debugger is turned off for a while (see StormGuard). */
const PAUSE_BUDGET_MS = 50;
/** Scripts compiled per second before the debugger is turned off for a while. */
const SCRIPT_BUDGET = 100;
/** The first cool-down; each storm that follows soon after doubles it, up to the maximum. */
const COOL_DOWN_MS = 1_000;
const MAX_COOL_DOWN_MS = 60_000;
/**
 * Whether the debugger may be turned off from inside a `scriptParsed` event, which V8 sends while
 * it compiles. On Node 20 and 22 it may, so a storm of scripts loaded in one synchronous run (a
 * large CommonJS app starting up) is cut short. On Node 24 and 26 that crashes the process
 * (SIGSEGV, or "pure virtual method called"), so there the debugger goes off once the running code
 * returns: for a synchronous require chain, after all of it.
 */
const SUSPEND_WHILE_COMPILING = Number(process.versions.node.split('.')[0]) <= 22;
/**
 * V8's and Node's share of a pause, which the handler cannot time: building the paused message
 * and parsing it back, for every frame of the stack. Measured with an empty handler on Node 20,
 * 22 and 26: 0.6-0.8 ms plus 0.025-0.04 ms per frame (docs/PERFORMANCE.md).
 */
const PAUSE_OVERHEAD_MS = 0.6;
const PAUSE_OVERHEAD_PER_FRAME_MS = 0.03;

class Hook implements Installation {
  #session: SyncSession;
  #options!: ResolvedOptions;
  #redactor!: Redactor;
  /** Throw sites by thrown value, until the value escapes or is dropped. */
  #snapshots = new ThrowSites();
  #scriptUrls = new Map<string, string>();
  #recentDumps: number[] = [];
  #guard = new StormGuard(PAUSE_BUDGET_MS, SCRIPT_BUDGET, 1_000);
  #enabled = false;
  /**
   * Under `--inspect` the attached debugger owns pausing: V8 keeps one pause-on-exceptions setting
   * per process and shows every pause to every session, so the hook neither sets it nor resumes.
   * It still snapshots the throw sites that the user's debugger pauses at.
   */
  #passive = inspectorUrl() !== undefined;
  /** Set while `Debugger.enable` replays the scripts already compiled: those are not a storm. */
  #replaying = false;
  #enabledAt = 0;
  #coolDownMs = COOL_DOWN_MS;
  #coolDownTimer: NodeJS.Timeout | undefined;
  #onPaused = (event: PausedEvent) => this.#paused(event);
  #onScriptParsed = (event: { params: { scriptId: string; url: string } }) => {
    if (event.params.url) this.#scriptUrls.set(event.params.scriptId, event.params.url);
    if (this.#replaying || this.#passive || this.#suspending || !this.#guard.script()) return;
    if (SUSPEND_WHILE_COMPILING) {
      this.#suspend();
      return;
    }
    this.#suspending = true;
    queueMicrotask(() => {
      this.#suspending = false;
      this.#suspend();
    });
  };
  /** Set while a suspend asked for by a script storm waits for the compile to return. */
  #suspending = false;
  #onUncaught = (error: unknown, origin: string) => this.#crashed(error, origin);

  constructor(options: InstallOptions) {
    this.reconfigure(options);
    this.#session = new SyncSession();
    this.#session.session.on('Debugger.scriptParsed', this.#onScriptParsed);
    this.#session.session.on('Debugger.paused', this.#onPaused);
    this.#enable();
    process.on('uncaughtExceptionMonitor', this.#onUncaught);
  }

  reconfigure(options: InstallOptions): void {
    this.#options = resolveOptions(options);
    this.#redactor = this.#options.redact ? createRedactor({ patterns: this.#options.redactPatterns, env: process.env }) : noRedaction;
  }

  uninstall(): void {
    process.off('uncaughtExceptionMonitor', this.#onUncaught);
    clearTimeout(this.#coolDownTimer);
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
      if (!this.#passive) this.#session.post('Debugger.setPauseOnExceptions', { state: 'all' });
      this.#enabled = true;
      this.#enabledAt = performance.now();
      this.#guard.reset(this.#enabledAt);
    } catch {
      // The session is closing.
    } finally {
      this.#replaying = false;
    }
  }

  /**
   * Turns the debugger off for a cool-down after a storm of throws or compiled scripts: while it
   * is off the program runs at full speed, and a crash gets a dump from its stack string alone.
   */
  #suspend(): void {
    if (!this.#enabled) return;
    try {
      this.#session.post('Debugger.disable');
    } catch {
      return;
    }
    this.#enabled = false;
    // Storms that keep coming back double the cool-down; a calm minute resets it.
    if (performance.now() - this.#enabledAt > MAX_COOL_DOWN_MS) this.#coolDownMs = COOL_DOWN_MS;
    // unref: the hook must never keep a program alive.
    this.#coolDownTimer = setTimeout(() => this.#enable(), this.#coolDownMs).unref();
    this.#coolDownMs = Math.min(this.#coolDownMs * 2, MAX_COOL_DOWN_MS);
  }

  #paused({ params }: PausedEvent): void {
    // Only pauses on exceptions are ours; a breakpoint belongs to a debugger the user attached.
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') return;
    const startedAt = performance.now();
    try {
      this.#snapshots.remember(takeSnapshot(this.#session, params.callFrames, params.data, this.#options.limits.frames, this.#scriptUrls));
    } catch {
      // A snapshot that fails leaves the crash to a stack-only dump; the program must go on.
    }
    if (this.#passive) return;
    // node:vm rethrows a script's error from C++; pausing at that rethrow makes Node lose the error
    // (the process exits 0, or aborts). Already snapshotted, the rest of this throw goes unpaused.
    const fromVm = params.callFrames.some((frame) => (frame.url || this.#scriptUrls.get(frame.location.scriptId)) === 'node:vm');
    try {
      if (fromVm) this.#session.post('Debugger.setPauseOnExceptions', { state: 'none' });
      this.#session.post('Debugger.resume');
    } catch {
      // Not paused any more.
    }
    if (fromVm) queueMicrotask(() => this.#pauseOnExceptionsAgain());
    const now = performance.now();
    // Already resumed: V8 lets the debugger go off from here, before the program continues.
    const unseenMs = PAUSE_OVERHEAD_MS + PAUSE_OVERHEAD_PER_FRAME_MS * params.callFrames.length;
    if (this.#guard.pause(now - startedAt + unseenMs, now)) this.#suspend();
  }

  #pauseOnExceptionsAgain(): void {
    if (!this.#enabled) return;
    try {
      this.#session.post('Debugger.setPauseOnExceptions', { state: 'all' });
    } catch {
      // The session is closing.
    }
  }

  #crashed(thrown: unknown, origin: string): void {
    this.#record(origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException', thrown, this.#snapshots.get(thrown));
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

  /** Saves one dump, within the per-minute cap; returns where it went, or undefined. */
  #record(reason: Dump['reason'], thrown: unknown, snapshot: ThrowSnapshot | undefined): string | undefined {
    try {
      const now = Date.now();
      this.#recentDumps = this.#recentDumps.filter((time) => now - time < 60_000);
      if (this.#recentDumps.length >= this.#options.maxPerMinute) return undefined;
      this.#recentDumps.push(now);
      const dump = assembleDump({
        session: this.#session,
        reason,
        thrown,
        snapshot,
        causes: this.#causeSnapshots(thrown),
        scriptUrls: this.#scriptUrls,
        options: this.#options,
        redactor: this.#redactor,
        pausing: this.#passive ? 'attached-debugger' : this.#enabled ? 'hook' : 'cool-down',
      });
      this.#snapshots.delete(thrown);
      const saved = saveDump(dump, this.#options);
      say(saved.line);
      return saved.location;
    } catch (error) {
      say(`wipeout: the crash could not be saved: ${(error as Error)?.message ?? String(error)}`);
      return undefined;
    }
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

/** Writes one line to stderr synchronously, so that it lands before the process exits. */
function say(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr is closed: there is nobody to tell.
  }
}
