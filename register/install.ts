import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { isMainThread, threadId } from 'node:worker_threads';
import { encodeDump } from '../dump/encode.js';
import type { Dump } from '../dump/types.js';
import { assembleDump } from './assemble-dump.js';
import { capturePause, type CallFrame, type PauseCapture } from './capture-pause.js';
import type { RemoteObject } from './inspector-bridge.js';
import { SyncSession } from './inspector-session.js';
import { resolveOptions, type InstallOptions, type ResolvedOptions } from './options.js';
import { createRedactor, noRedaction, type Redactor } from './redact.js';
import { DEFAULT_TEMPLATE, defaultDirectory, displayPath, fillTemplate, isRemote, localPath, writeNewFileSync } from './write-dump.js';

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

class Hook implements Installation {
  #session: SyncSession;
  #options!: ResolvedOptions;
  #redactor!: Redactor;
  /** Captures taken at throws, until the thrown value escapes or is collected. */
  #captures = new WeakMap<object, PauseCapture>();
  /** The last capture of a thrown primitive, which cannot key a WeakMap. */
  #primitiveCapture: PauseCapture | undefined;
  #scriptUrls = new Map<string, string>();
  #recentDumps: number[] = [];
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
    this.#session.post('Debugger.setPauseOnExceptions', { state: 'uncaught' });
    process.on('uncaughtExceptionMonitor', this.#onUncaught);
  }

  reconfigure(options: InstallOptions): void {
    this.#options = resolveOptions(options);
    this.#redactor = this.#options.redact ? createRedactor({ patterns: this.#options.redactPatterns, env: process.env }) : noRedaction;
  }

  uninstall(): void {
    process.off('uncaughtExceptionMonitor', this.#onUncaught);
    this.#session.session.off('Debugger.paused', this.#onPaused);
    this.#session.session.off('Debugger.scriptParsed', this.#onScriptParsed);
    try {
      this.#session.disconnect();
    } catch {
      // Already disconnected.
    }
    if (active === this) active = undefined;
  }

  #paused({ params }: PausedEvent): void {
    // Only pauses on exceptions are ours; a breakpoint belongs to a debugger the user attached.
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') return;
    try {
      const capture = capturePause(this.#session, params.callFrames, params.data, {
        limits: this.#options.limits,
        redactor: this.#redactor,
        scriptUrls: this.#scriptUrls,
      });
      const { thrown } = capture;
      capture.thrown = undefined; // The WeakMap key is enough; holding it would keep it alive.
      if ((typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function') this.#captures.set(thrown, capture);
      else this.#primitiveCapture = capture;
    } catch {
      // A capture that fails leaves the crash to the stack-only dump; the program must go on.
    } finally {
      try {
        this.#session.post('Debugger.resume');
      } catch {
        // Not paused any more.
      }
    }
  }

  #crashed(thrown: unknown, origin: string): void {
    try {
      const now = Date.now();
      this.#recentDumps = this.#recentDumps.filter((time) => now - time < 60_000);
      if (this.#recentDumps.length >= this.#options.maxPerMinute) return;
      this.#recentDumps.push(now);
      const capture =
        (typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function'
          ? this.#captures.get(thrown as object)
          : this.#primitiveCapture;
      const dump = assembleDump({
        reason: origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException',
        thrown,
        capture,
        options: this.#options,
        redactor: this.#redactor,
      });
      say(this.#save(dump));
    } catch (error) {
      say(`wipeout: the crash could not be saved: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** Writes the dump and returns the one line that tells where it went. */
  #save(dump: Dump): string {
    const bytes = encodeDump(dump);
    const template = this.#options.file() ?? join(defaultDirectory(), DEFAULT_TEMPLATE);
    const target = fillTemplate(template, { id: dump.id.slice(0, 8), name: scriptName() });
    if (!isRemote(target)) {
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
    return result.ok
      ? `wipeout: crash saved to ${result.url} — open it with: npx wipeout load ${result.url}`
      : `wipeout: the upload to ${target} failed (${result.message}); the crash is saved in ${displayPath(local)}`;
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
