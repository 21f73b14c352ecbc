import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * `label` names a dump that has no test in `{test}` (see saveCrash).
 */
export function saveDump(dump: Dump, options: ResolvedOptions, label?: string): { location: string; line: string } {
  const bytes = encrypt(encodeDump(dump), options.recipients);
  const said = (where: string) => savedLine(where, options.recipients.length > 0, dump.handled ? 'handled error' : 'crash');
  const name = (template: string) => fillTemplate(template, { id: dump.id.slice(0, 8), name: scriptName(), test: dump.test?.name ?? label });
  const configured = options.file();
  if (!configured) {
    const written = writeInDefaultPlace(name(DEFAULT_TEMPLATE), bytes);
    return { location: written, line: said(displayPath(written)) };
  }
  const target = name(configured);
  if (!isRemoteUrl(target)) {
    let written: string;
    try {
      written = writeNewFileSync(localPath(target), bytes, { besideOnlyInOwnFolder: true });
    } catch (error) {
      // A crash is never lost to a bad target (a read-only mount, a folder under /proc, a full
      // disk): it goes to the temp folder, and the line says why and where.
      const fallback = writeNewFileSync(join(tmpdir(), basename(name(DEFAULT_TEMPLATE))), bytes);
      const why = (error as Error)?.message ?? String(error);
      return { location: fallback, line: `wipeout: the crash could not be saved to ${target} (${why}); it is saved in ${displayPath(fallback)} — open it with: ${openCommand(displayPath(fallback), options.recipients.length > 0)}` };
    }
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

function savedLine(where: string, encrypted: boolean, what = 'crash'): string {
  return `wipeout: ${what} saved to ${where} — open it with: ${openCommand(where, encrypted)}`;
}

/**
 * The command that opens a dump with this installation's own CLI: `npx --no-install wipeout` where
 * the current folder resolves `wipeout` to it, else `node /path/to/its/cli/main.js`. A bare
 * `npx wipeout` outside a project that installed it would fetch whatever the registry holds
 * under that name.
 */
export function openCommand(where: string, encrypted = false): string {
  const runner = resolvesHere() ? 'npx --no-install wipeout' : `node ${shellWord(OWN_CLI)}`;
  return `${runner} load ${shellWord(where)}${encrypted ? ' --identity <age identity file>' : ''}`;
}

const OWN_CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const OWN_MANIFEST = fileURLToPath(new URL('../../package.json', import.meta.url));

function resolvesHere(): boolean {
  try {
    return realpathSync(createRequire(join(process.cwd(), 'noop.js')).resolve('wipeout/package.json')) === realpathSync(OWN_MANIFEST);
  } catch {
    return false;
  }
}

/** A word the shell reads back as it is: quoted when it holds anything but safe characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
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
