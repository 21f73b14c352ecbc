import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Source } from '../dump/types.js';
import type { SourceView } from './types.js';

/** Local files larger than this are not hashed: no script that ran is that big, and reading it would stall. */
const MAX_LOCAL_FILE = 64 * 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The dump's sources with their text: embedded in the dump, or read from the local file when its
 * sha256 matches the one captured (a file that changed since the crash is never shown as if it ran).
 */
export class SourceTable {
  #views: Array<SourceView | undefined> = [];
  #texts = new Map<number, string | undefined>();

  constructor(readonly raw: unknown[]) {}

  get count(): number {
    return this.raw.length;
  }

  view(ref: number): SourceView | undefined {
    if (!Number.isInteger(ref) || ref < 1 || ref > this.raw.length) return undefined;
    let view = this.#views[ref - 1];
    if (!view) {
      view = this.#describe(ref);
      this.#views[ref - 1] = view;
    }
    return view;
  }

  text(ref: number): string | undefined {
    if (!this.#texts.has(ref)) this.view(ref);
    return this.#texts.get(ref);
  }

  /** The ref of a source by its file or URL, for positions that did not name their source. */
  find(fileOrUrl: string, role?: Source['role']): number | undefined {
    for (let i = 0; i < this.raw.length; i++) {
      const source = this.raw[i];
      if (!isRecord(source) || (role && source.role !== role)) continue;
      if (source.file === fileOrUrl || source.url === fileOrUrl) return i + 1;
    }
    return undefined;
  }

  #describe(ref: number): SourceView {
    const raw = this.raw[ref - 1];
    const source = isRecord(raw) ? raw : {};
    const url = typeof source.url === 'string' ? source.url : `source #${ref}`;
    const file = typeof source.file === 'string' ? source.file : fileFromUrl(url);
    const role = source.role === 'original' ? 'original' : 'generated';
    const sha256 = typeof source.sha256 === 'string' ? source.sha256.toLowerCase() : undefined;
    const view: SourceView = { ref, url, role, origin: 'missing' };
    if (file) view.file = file;
    const local = file && sha256 ? readMatching(file, sha256) : undefined;
    if (local !== undefined) view.localPath = file;
    if (typeof source.text === 'string') {
      view.origin = 'embedded';
      this.#texts.set(ref, source.text);
    } else if (local !== undefined) {
      view.origin = 'local';
      this.#texts.set(ref, local);
    } else {
      view.missing =
        typeof source.missing === 'string' ? source.missing
        : file && sha256 ? `the dump has no text and ${file} no longer matches the code that ran`
        : 'the dump has no text for it';
      this.#texts.set(ref, undefined);
    }
    return view;
  }
}

function fileFromUrl(url: string): string | undefined {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  return url.startsWith('/') ? url : undefined;
}

function readMatching(file: string, sha256: string): string | undefined {
  try {
    if (statSync(file).size > MAX_LOCAL_FILE) return undefined;
    const bytes = readFileSync(file);
    return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}
