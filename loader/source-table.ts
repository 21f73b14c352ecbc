import { fileURLToPath } from 'node:url';
import type { Source } from '../dump/types.js';
import { readMatchingLocal } from './read-local-source.js';
import type { SourceView } from './types.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Options of `SourceTable`. */
export interface SourceTableOptions {
  /**
   * Compare sources with the local files they name (`--local-sources`, `WIPEOUT_LOCAL_SOURCES=1`):
   * a file whose sha256 matches supplies missing text and is opened by path in editors. Off by
   * default, because a crafted dump names any path it likes.
   */
  local?: boolean;
}

/**
 * The dump's sources with their text: embedded in the dump, or, when asked, read from the local
 * file when its sha256 matches the one captured (a file that changed since the crash is never
 * shown as if it ran).
 */
export class SourceTable {
  #views: Array<SourceView | undefined> = [];
  #texts = new Map<number, string | undefined>();

  constructor(readonly raw: unknown[], readonly options: SourceTableOptions = {}) {}

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
    const local = this.options.local && file && sha256 ? readMatchingLocal(file, sha256) : undefined;
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
        : file && sha256 && !this.options.local ? `the dump has no text for it (--local-sources compares it with ${file})`
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
