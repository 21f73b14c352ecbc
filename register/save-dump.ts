import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import { encodeDump } from '../dump/encode.js';
import type { Dump } from '../dump/types.js';
import { displayUrl, isRemoteUrl } from '../storage/parse-url.js';
import type { ResolvedOptions } from './options.js';
import { DEFAULT_TEMPLATE, displayPath, fillTemplate, localPath, writeInDefaultPlace, writeNewFileSync } from './write-dump.js';

/** `storage/upload-at-crash.ts`: uploads a local dump from inside a crash handler, within a bounded time. */
type UploadAtCrash = (
  localPath: string,
  url: string,
  options: { storageOptions?: object; timeoutMs?: number; keepLocal?: boolean },
) => { ok: true; url: string } | { ok: false; message: string };

/**
 * Writes a dump where the options say: a local path, or a URL (written locally first, so that a
 * failed upload never loses the crash, then uploaded within a bounded time). Synchronous: it runs
 * inside the crash handler. Returns where the dump went and the one stderr line that says so.
 */
export function saveDump(dump: Dump, options: ResolvedOptions): { location: string; line: string } {
  const bytes = encrypt(encodeDump(dump), options.recipients);
  const said = (where: string) => savedLine(where, options.recipients.length > 0, dump.handled ? 'handled error' : 'crash');
  const name = (template: string) => fillTemplate(template, { id: dump.id.slice(0, 8), name: scriptName() });
  const configured = options.file();
  if (!configured) {
    const written = writeInDefaultPlace(name(DEFAULT_TEMPLATE), bytes);
    return { location: written, line: said(displayPath(written)) };
  }
  const target = name(configured);
  if (!isRemoteUrl(target)) {
    const written = writeNewFileSync(localPath(target), bytes);
    return { location: written, line: said(displayPath(written)) };
  }
  const local = writeNewFileSync(join(tmpdir(), `wipeout-${dump.id}.wipeout`), bytes);
  // memory:// lives in one process's memory: the upload child's, gone as soon as it exits.
  if (target.toLowerCase().startsWith('memory:')) {
    return { location: local, line: `wipeout: a crash cannot be kept in memory:// (it ends with the process); the crash is saved in ${displayPath(local)}` };
  }
  // Loaded only now, synchronously: the preload itself never pays for storage code.
  const { uploadAtCrash } = createRequire(import.meta.url)('../storage/upload-at-crash.js') as { uploadAtCrash: UploadAtCrash };
  const result = uploadAtCrash(local, target, {
    storageOptions: options.storageOptions,
    timeoutMs: options.uploadTimeout,
    keepLocal: options.keepLocal,
  });
  if (!result.ok) return { location: local, line: `wipeout: ${result.message}; the crash is saved in ${displayPath(local)}` };
  return { location: result.url, line: said(displayUrl(result.url)) };
}

function savedLine(where: string, encrypted: boolean, what: string): string {
  const identity = encrypted ? ' --identity <age identity file>' : '';
  return `wipeout: ${what} saved to ${where} — open it with: npx wipeout load ${where}${identity}`;
}

/** With recipients configured, the plaintext never leaves memory: only the age file is written. */
function encrypt(plaintext: Buffer, recipients: string[]): Buffer {
  if (recipients.length === 0) return plaintext;
  const { encryptSync } = createRequire(import.meta.url)('../dump/age-encrypt-sync.js') as typeof import('../dump/age-encrypt-sync.js');
  return encryptSync(plaintext, recipients);
}

/** `{name}` in templates: the main script's name, or the worker's. */
function scriptName(): string {
  if (!isMainThread) return `worker-${threadId}`;
  const main = process.argv[1];
  return main ? basename(main, extname(main)) : 'node';
}
