import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';
import { encodeDump } from '../dump/encode.js';
import type { Dump } from '../dump/types.js';
import { assembleDump } from './assemble-dump.js';
import { PauseBudget } from './pause-budget.js';
import { takeSnapshot, type CallFrame, type ThrowSnapshot } from './throw-snapshot.js';
import { ownData } from './value-graph.js';
import type { RemoteObject } from './inspector-bridge.js';
import { SyncSession } from './inspector-session.js';
import { resolveOptions, type InstallOptions, type ResolvedOptions } from './options.js';
import { createRedactor, noRedaction, type Redactor } from './redact.js';
import { displayUrl, isRemoteUrl } from '../storage/parse-url.js';
import { DEFAULT_TEMPLATE, displayPath, fillTemplate, localPath, writeInDefaultPlace, writeNewFileSync } from './write-dump.js';

/** What `install()` returns. */
export interface Installation {
  /** Stops capturing: removes the listeners and closes the inspector session. */
  uninstall(): void;
}

/** `storage/upload-at-crash.ts`: uploads a local dump from inside a crash handler, within a bounded time. */
type UploadAtCrash = (
  localPath: string,
  url: string,
  options: { storageOptions?: object; timeoutMs?: number; keepLocal?: boolean },
) => { ok: true; url: string } | { ok: false; message: string };

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

/** Held throw sites; the oldest is dropped past this many, so a program that keeps errors stays flat. */
const MAX_SNAPSHOTS = 32;
/** Pause time allowed per second for first-chance capture (see PauseBudget). */
const PAUSE_BUDGET_MS = 50;
/** V8's own share of a pause (building the paused message), which the handler cannot time. */
const PAUSE_OVERHEAD_MS = 0.5;

class Hook implements Installation {
  #session: SyncSession;
  #options!: ResolvedOptions;
  #redactor!: Redactor;
  /** Throw sites by thrown value, oldest first, until the value escapes or is dropped. */
  #snapshots = new Map<unknown, ThrowSnapshot>();
  #scriptUrls = new Map<string, string>();
  #recentDumps: number[] = [];
  #budget: PauseBudget;
  #onPaused = (event: PausedEvent) => this.#paused(event);
  #onScriptParsed = (event: { params: { scriptId: string; url: string } }) => {
    if (event.params.url) this.#scriptUrls.set(event.params.scriptId, event.params.url);
  };
  #onUncaught = (error: unknown, origin: string) => this.#crashed(error, origin);

  constructor(options: InstallOptions) {
    this.reconfigure(options);
    this.#session = new SyncSession();
    this.#session.session.on('Debugger.scriptParsed', this.#onScriptParsed);
    this.#session.session.on('Debugger.paused', this.#onPaused);
    this.#session.post('Debugger.enable');
    this.#budget = new PauseBudget(PAUSE_BUDGET_MS, 1_000, (on) => this.#setFirstChance(on));
    this.#setFirstChance(true);
    process.on('uncaughtExceptionMonitor', this.#onUncaught);
  }

  reconfigure(options: InstallOptions): void {
    this.#options = resolveOptions(options);
    this.#redactor = this.#options.redact ? createRedactor({ patterns: this.#options.redactPatterns, env: process.env }) : noRedaction;
  }

  uninstall(): void {
    process.off('uncaughtExceptionMonitor', this.#onUncaught);
    this.#budget.dispose();
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
   * Pausing at every throw (`all`) sees ESM and async throw sites that V8's catch prediction
   * misses; `uncaught` is the fallback while the pause budget is spent.
   */
  #setFirstChance(on: boolean): void {
    try {
      this.#session.post('Debugger.setPauseOnExceptions', { state: on ? 'all' : 'uncaught' });
    } catch {
      // The session is closing.
    }
  }

  #paused({ params }: PausedEvent): void {
    // Only pauses on exceptions are ours; a breakpoint belongs to a debugger the user attached.
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') return;
    const startedAt = performance.now();
    try {
      this.#remember(takeSnapshot(this.#session, params.callFrames, params.data, this.#options.limits.frames, this.#scriptUrls));
    } catch {
      // A snapshot that fails leaves the crash to a stack-only dump; the program must go on.
    } finally {
      try {
        this.#session.post('Debugger.resume');
      } catch {
        // Not paused any more.
      }
      const now = performance.now();
      this.#budget.spend(now - startedAt + PAUSE_OVERHEAD_MS, now);
    }
  }

  /** Keeps a throw site, under its thrown value. A rethrow keeps the original site. */
  #remember(snapshot: ThrowSnapshot): void {
    const key = snapshot.thrown;
    if (this.#snapshots.has(key)) return;
    this.#snapshots.set(key, snapshot);
    if (this.#snapshots.size > MAX_SNAPSHOTS) this.#snapshots.delete(this.#snapshots.keys().next().value);
  }

  #crashed(thrown: unknown, origin: string): void {
    try {
      const now = Date.now();
      this.#recentDumps = this.#recentDumps.filter((time) => now - time < 60_000);
      if (this.#recentDumps.length >= this.#options.maxPerMinute) return;
      this.#recentDumps.push(now);
      const dump = assembleDump({
        session: this.#session,
        reason: origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException',
        thrown,
        snapshot: this.#snapshots.get(thrown),
        causes: this.#causeSnapshots(thrown),
        scriptUrls: this.#scriptUrls,
        options: this.#options,
        redactor: this.#redactor,
      });
      this.#snapshots.delete(thrown);
      say(this.#save(dump));
    } catch (error) {
      say(`wipeout: the crash could not be saved: ${(error as Error)?.message ?? String(error)}`);
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

  /** Writes the dump and returns the one line that tells where it went. */
  #save(dump: Dump): string {
    const bytes = encodeDump(dump);
    const name = (template: string) => fillTemplate(template, { id: dump.id.slice(0, 8), name: scriptName() });
    const configured = this.#options.file();
    if (!configured) {
      const written = writeInDefaultPlace(name(DEFAULT_TEMPLATE), bytes);
      return `wipeout: crash saved to ${displayPath(written)} — open it with: npx wipeout load ${displayPath(written)}`;
    }
    const target = name(configured);
    if (!isRemoteUrl(target)) {
      const written = writeNewFileSync(localPath(target), bytes);
      return `wipeout: crash saved to ${displayPath(written)} — open it with: npx wipeout load ${displayPath(written)}`;
    }
    // A URL: write locally first, so that a failed upload never loses the crash.
    const local = writeNewFileSync(join(tmpdir(), `wipeout-${dump.id}.wipeout`), bytes);
    // Loaded only now, synchronously: the preload itself never pays for storage code.
    const { uploadAtCrash } = createRequire(import.meta.url)('../storage/upload-at-crash.js') as { uploadAtCrash: UploadAtCrash };
    const result = uploadAtCrash(local, target, {
      storageOptions: this.#options.storageOptions,
      timeoutMs: this.#options.uploadTimeout,
      keepLocal: this.#options.keepLocal,
    });
    if (!result.ok) return `wipeout: ${result.message}; the crash is saved in ${displayPath(local)}`;
    const shown = displayUrl(result.url);
    return `wipeout: crash saved to ${shown} — open it with: npx wipeout load ${shown}`;
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

/** `{name}` in templates: the main script's name, or the worker's. */
function scriptName(): string {
  if (!isMainThread) return `worker-${threadId}`;
  const main = process.argv[1];
  return main ? basename(main, extname(main)) : 'node';
}
