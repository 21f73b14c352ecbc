import type { DumpModel } from '../../loader/index.js';

/** A handled error's fields (format 1.8), as `show`, `show --json` and `list` tell them. */
export interface HandledFacts {
  fingerprint?: string;
  /** The integration: `express`, `fastify`, `koa`, or what `recordHandledError` was told. */
  framework: string;
  /** Errors of this fingerprint not saved since its previous dump; undefined when not recorded. */
  skippedBefore?: number;
  /** One dump per fingerprint within this many ms (0: every one); undefined when not recorded. */
  windowMs?: number;
  template?: string;
  topFrames: string[];
  /** `GET /orders/42`, when the dump holds the request. */
  requestLine?: string;
}

/** The dump's handled-error fields, or undefined for a crash or a failing test. */
export function handledFacts(model: DumpModel): HandledFacts | undefined {
  // checkedHeader has made every field of these a string, a number, or a visible marker.
  const dump = model.dump as unknown as Record<string, unknown>;
  const handled = record(dump.handled);
  const fingerprint = typeof dump.fingerprint === 'string' ? dump.fingerprint : undefined;
  if (!handled && fingerprint === undefined) return undefined;
  const request = requestOf(model);
  return {
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    framework: typeof handled?.framework === 'string' ? handled.framework : 'unknown',
    ...(typeof handled?.skippedBefore === 'number' ? { skippedBefore: handled.skippedBefore } : {}),
    ...(typeof handled?.windowMs === 'number' ? { windowMs: handled.windowMs } : {}),
    ...(typeof handled?.template === 'string' ? { template: handled.template } : {}),
    topFrames: Array.isArray(handled?.topFrames) ? handled.topFrames.filter((f): f is string => typeof f === 'string') : [],
    ...(request ? { requestLine: `${request.method} ${request.url}` } : {}),
  };
}

/** The request a handled error was saved with (already redacted at capture). */
export interface RequestFacts {
  method: string;
  url: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

export function requestOf(model: DumpModel): RequestFacts | undefined {
  const request = record((model.dump as unknown as Record<string, unknown>).request);
  if (!request) return undefined;
  return {
    method: typeof request.method === 'string' ? request.method : '?',
    url: typeof request.url === 'string' ? request.url : '?',
    headers: strings(request.headers),
    cookies: strings(request.cookies),
  };
}

/** `1h`, `10m`, `30s`, `250ms`: a window as the `window` option takes it. */
export function formatWindow(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record(value) ?? {})) if (typeof item === 'string') out[key] = item;
  return out;
}
