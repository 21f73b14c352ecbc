// Imported by the crash hook at crash time: node built-ins and the import-free parse-url.js only. The upload
// itself runs in a child process (upload-cli.js), since the crashing process's event loop will
// not turn again; spawnSync waits for it for a bounded time.
import { spawnSync } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { displayUrl } from './parse-url.js';

/** Default bound on a crash-time upload, in milliseconds. */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 30_000;

/** Settings of `uploadAtCrash`. Each falls back to its environment variable, then to its default. */
export interface UploadAtCrashOptions {
  /** Options of the URL's storage driver. Default: `WIPEOUT_STORAGE_OPTIONS`, else none. */
  storageOptions?: object;
  /** Give up after this many milliseconds. Default: `WIPEOUT_UPLOAD_TIMEOUT`, else 30000. */
  timeoutMs?: number;
  /** Keep the local copy after a successful upload. Default: `WIPEOUT_KEEP_LOCAL=1`, else false. */
  keepLocal?: boolean;
}

export type UploadAtCrashResult = { ok: true; url: string } | { ok: false; message: string };

/** Options of our own hook, which must not load into the upload child (a crash there would recurse). */
const PRELOAD_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * NODE_OPTIONS without preloads (`--import x`, `-r x`, `--loader=x`…): they are the user's
 * instrumentation or our own hook, and the upload child needs neither. Other flags stay.
 */
export function withoutPreloads(nodeOptions: string): string {
  const words = nodeOptions.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const kept: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const flag = word.split('=', 1)[0]!;
    if (!PRELOAD_FLAGS.has(flag)) kept.push(word);
    else if (!word.includes('=')) index++; // the value is the next word
  }
  return kept.join(' ');
}

function timeoutFromEnv(): number {
  const raw = process.env.WIPEOUT_UPLOAD_TIMEOUT;
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_UPLOAD_TIMEOUT_MS;
}

/**
 * Uploads a dump already written at `localPath` to `url`, synchronously, within a bounded time.
 * On success the local copy is removed (unless `keepLocal`); on failure or timeout it stays, and
 * `message` says in one sentence why, with no secret in it. Never throws.
 */
export function uploadAtCrash(localPath: string, url: string, options: UploadAtCrashOptions = {}): UploadAtCrashResult {
  try {
    const timeoutMs = options.timeoutMs ?? timeoutFromEnv();
    const keepLocal = options.keepLocal ?? process.env.WIPEOUT_KEEP_LOCAL === '1';
    const env: NodeJS.ProcessEnv = { ...process.env, WIPEOUT: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    if (env.NODE_OPTIONS) env.NODE_OPTIONS = withoutPreloads(env.NODE_OPTIONS);
    // The request, secrets included, goes through stdin: argv is visible to every user of the machine.
    const request = JSON.stringify({ localPath, url, storageOptions: options.storageOptions, storageOptionsFromEnv: options.storageOptions === undefined });
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./upload-cli.js', import.meta.url))], {
      input: request,
      env,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
      windowsHide: true,
    });
    const shown = displayUrl(url);
    if ((child.error as { code?: string } | undefined)?.code === 'ETIMEDOUT') {
      return { ok: false, message: `Cannot write ${shown}: the upload took longer than ${timeoutMs / 1000} s (WIPEOUT_UPLOAD_TIMEOUT sets the limit, in ms)` };
    }
    if (child.error) return { ok: false, message: `Cannot write ${shown}: the upload process could not start (${child.error.message})` };
    const reply = parseReply(child.stdout?.toString('utf8') ?? '');
    if (!reply) {
      const how = child.signal ? `was killed by ${child.signal}` : `exited with code ${child.status}`;
      return { ok: false, message: `Cannot write ${shown}: the upload process ${how} without an answer` };
    }
    if (!reply.ok) return { ok: false, message: reply.message };
    if (!keepLocal) {
      try {
        unlinkSync(localPath);
      } catch {
        // The dump is safe in storage; a local copy that cannot be removed is only clutter.
      }
    }
    return { ok: true, url };
  } catch (error) {
    return { ok: false, message: `Cannot write ${displayUrl(url)}: ${(error as Error).message}` };
  }
}

function parseReply(stdout: string): UploadAtCrashResult | undefined {
  const line = stdout.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    const reply = JSON.parse(line) as { ok?: unknown; message?: unknown; url?: unknown };
    if (reply.ok === true) return { ok: true, url: String(reply.url) };
    if (reply.ok === false && typeof reply.message === 'string') return { ok: false, message: reply.message };
  } catch {
    // Not our reply: handled as no answer.
  }
  return undefined;
}
