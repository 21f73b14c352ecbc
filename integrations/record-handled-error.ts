import { writeSync } from 'node:fs';
import type { RawRequest } from '../register/redact-request.js';
import { dumpHandled, ensureInstalled } from '../register/install.js';
import { fingerprintOf } from './fingerprint.js';
import { HandledWindow, windowFrom } from './handled-window.js';

/** Options every server integration takes. */
export interface HandledOptions {
  /**
   * One dump per fingerprint within this many milliseconds (or `30s`, `10m`, `1h`); `0` writes
   * every one. Default: `WIPEOUT_HANDLED_WINDOW`, else one hour.
   */
  window?: number | string;
  /**
   * Which errors are worth a dump. Default: all but those carrying an HTTP status below 500
   * (`status` or `statusCode`, as http-errors, Koa's `ctx.throw` and Fastify's validation set):
   * a 404 or a 400 is the client's mistake, not the server's.
   */
  filter?: (error: unknown) => boolean;
}

/** The part of a response the recorder waits on: Node's `ServerResponse` has it. */
export interface ResponseLike {
  writableFinished?: boolean;
  destroyed?: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** What `recordHandledError` knows of where the error happened. */
export interface HandledContext extends HandledOptions {
  /** The request being served: its method, URL and headers go in the dump, redacted. */
  request?: RawRequest;
  /** The response: the dump is written once it has finished, never before. */
  response?: ResponseLike;
  /** Names the integration in the dump's `handled.framework`. Default: `generic`. */
  framework?: string;
}

/** A response that never finishes still lets its error go after this long. */
const MAX_WAIT_MS = 60_000;

/** One window per process: the same error handled by two integrations is still one error. */
const seen = new HandledWindow();

/**
 * Saves a dump of an error the program handled, for frameworks without an integration of their
 * own: `recordHandledError(err, { request: req, response: res })` in the error handler. At most
 * one per fingerprint per window; the rest are counted. It returns at once: the dump is written
 * after the response finishes, in a later turn of the event loop. Returns whether a dump will be
 * written. With `WIPEOUT=0` it does nothing.
 */
export function recordHandledError(error: unknown, context: HandledContext = {}): boolean {
  const record = recorder(context.framework ?? 'generic', context);
  return record ? record(error, context.request, context.response) : false;
}

/** Records one handled error; what each integration calls from its hook. */
export type Recorder = (error: unknown, request?: RawRequest, response?: ResponseLike) => boolean;

/**
 * A recorder with its options checked once, for an integration to build when the app sets it up.
 * Installs the hook from the environment if no preload did, so that later throws keep their
 * sites; undefined (the integration passes errors through untouched) when `WIPEOUT=0` or the
 * hook cannot start.
 */
export function recorder(framework: string, options: HandledOptions = {}): Recorder | undefined {
  if (process.env.WIPEOUT === '0') return undefined;
  const windowMs = windowFrom(options.window);
  if (options.filter !== undefined && typeof options.filter !== 'function') {
    throw new TypeError(`Expected the \`filter\` option to be a function, got \`${typeof options.filter}\``);
  }
  const filter = options.filter ?? isServerError;
  try {
    ensureInstalled();
  } catch (error) {
    say(`wipeout: not saving handled errors: ${(error as Error).message}`);
    return undefined;
  }
  return (error, request, response) => {
    try {
      if (!filter(error)) return false;
      const fingerprint = fingerprintOf(error);
      const admission = seen.admit(fingerprint.id, windowMs);
      if (!admission.write) return false;
      // Copied now: a framework may reuse or reset the request object once the response is sent.
      const raw = request ? { method: request.method, url: request.url, headers: { ...request.headers } } : undefined;
      const write = () => {
        try {
          const { id, template, topFrames } = fingerprint;
          const info = { framework, skippedBefore: admission.skippedBefore, windowMs, template, topFrames };
          const saved = dumpHandled(error, { fingerprint: id, info, request: raw });
          if (saved === undefined) seen.release(id, admission.skippedBefore);
        } catch {
          seen.release(fingerprint.id, admission.skippedBefore);
        }
      };
      afterResponse(response, write);
      return true;
    } catch {
      // Recording must never change how the app handles its error.
      return false;
    }
  };
}

/** The default filter: no HTTP status, or one of 500 and above. */
export function isServerError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  try {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
    return code === undefined || code >= 500 || code < 100;
  } catch {
    return true;
  }
}

/**
 * Runs `write` off the request's path: after the response has finished (or closed), in an
 * immediate, so the client has its answer before the capture takes the event loop.
 */
function afterResponse(response: ResponseLike | undefined, write: () => void): void {
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    setImmediate(write);
  };
  if (!response || response.writableFinished || response.destroyed) return run();
  response.once('finish', run);
  response.once('close', run);
  timer = setTimeout(run, MAX_WAIT_MS).unref();
}

function say(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // Nobody to tell.
  }
}
