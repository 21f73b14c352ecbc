import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OriginalPosition, Source } from '../dump/types.js';
import type { SyncSession } from './inspector-session.js';
import { parameterNames } from './parameter-names.js';

type SourceMapSupport = typeof import('source-map-support');
let sourceMapSupport: SourceMapSupport | undefined;

/** source-map-support is loaded at the first crash with a mapped frame, never at start-up. */
function loadSourceMapSupport(): SourceMapSupport {
  sourceMapSupport ??= createRequire(import.meta.url)('source-map-support') as SourceMapSupport;
  return sourceMapSupport;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface RawSourceMap {
  sources?: string[];
  sourcesContent?: Array<string | null>;
  sourceRoot?: string;
}

/**
 * Collects the scripts of the stack: the text V8 ran, its source map, and the original sources the
 * frames map to. One instance per capture; `generated()` and `original()` return indexes into
 * `sources`, adding each file once.
 */
export class SourceCollector {
  readonly sources: Source[] = [];
  readonly problems: string[] = [];
  #byUrl = new Map<string, number>();
  #maps = new Map<string, { map: RawSourceMap; mapUrl: string } | null>();

  constructor(readonly session: SyncSession) {}

  /** The running script `scriptId` (at `url`, path `file`), embedded once. */
  generated(scriptId: string, url: string, file: string): number {
    const known = this.#byUrl.get(url);
    if (known !== undefined) return known;
    const source: Source = { url, file, role: 'generated' };
    try {
      const { scriptSource } = this.session.post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId });
      source.text = typeScriptOnDisk(file, scriptSource) ?? scriptSource;
      source.sha256 = sha256(source.text);
      const map = this.#sourceMap(file);
      if (map) source.sourceMap = map.map;
    } catch (error) {
      source.missing = `the inspector could not read it: ${(error as Error).message}`;
    }
    return this.#add(url, source);
  }

  /**
   * The original position of a generated 1-based line and column, when a source map maps it,
   * with the original source embedded.
   */
  original(file: string, line: number, column: number): OriginalPosition | undefined {
    if (!this.#sourceMap(file)) return undefined;
    let mapped: { source: string; line: number; column: number; name?: string | null };
    try {
      // source-map-support takes 1-based lines and 0-based columns, like V8's CallSite.
      mapped = loadSourceMapSupport().mapSourcePosition({ source: file, line, column: column - 1 });
    } catch (error) {
      this.problems.push(`the source map of ${file} could not be read: ${(error as Error).message}`);
      return undefined;
    }
    if (!mapped || mapped.source === file || typeof mapped.line !== 'number') return undefined;
    const originalFile = mapped.source.startsWith('file:') ? fileURLToPath(mapped.source) : mapped.source;
    const position: OriginalPosition = { file: originalFile, line: mapped.line, column: mapped.column + 1 };
    if (mapped.name) position.name = mapped.name;
    const index = this.#originalSource(file, originalFile);
    if (index !== undefined) position.source = index;
    return position;
  }

  /** The parameter names of the function starting at a 0-based position of a generated source. */
  parameterNames(index: number, start: { line: number; column: number }): string[] | undefined {
    const text = this.sources[index]?.text;
    if (text === undefined) return undefined;
    let offset = 0;
    for (let line = 0; line < start.line && offset !== -1; line++) offset = text.indexOf('\n', offset) + 1 || -1;
    return offset === -1 ? undefined : parameterNames(text, offset + start.column);
  }

  #add(url: string, source: Source): number {
    const index = this.sources.push(source) - 1;
    this.#byUrl.set(url, index);
    return index;
  }

  #sourceMap(file: string): { map: RawSourceMap; mapUrl: string } | null {
    if (this.#maps.has(file)) return this.#maps.get(file)!;
    let found: { map: RawSourceMap; mapUrl: string } | null = null;
    if (file.startsWith('/') || /^[A-Za-z]:\\/.test(file)) {
      try {
        const retrieved = loadSourceMapSupport().retrieveSourceMap(file);
        if (retrieved) {
          const text = typeof retrieved.map === 'string' ? retrieved.map : String(retrieved.map);
          found = { map: JSON.parse(text) as RawSourceMap, mapUrl: retrieved.url ?? '' };
        }
      } catch (error) {
        this.problems.push(`the source map of ${file} could not be read: ${(error as Error).message}`);
      }
    }
    this.#maps.set(file, found);
    return found;
  }

  /** Embeds an original source: from the map's `sourcesContent`, else from disk. */
  #originalSource(generatedFile: string, originalFile: string): number | undefined {
    const known = this.#byUrl.get(originalFile);
    if (known !== undefined) return known;
    const entry = this.#maps.get(generatedFile);
    const source: Source = { url: originalFile, file: originalFile, role: 'original' };
    const map = entry?.map;
    const mapDir = entry && !entry.mapUrl.startsWith('data:') ? dirname(entry.mapUrl.startsWith('file:') ? fileURLToPath(entry.mapUrl) : entry.mapUrl) : dirname(generatedFile);
    const index = map?.sources?.findIndex((name) => resolve(mapDir, map.sourceRoot ?? '', name) === originalFile || name === originalFile) ?? -1;
    const embedded = index >= 0 ? map?.sourcesContent?.[index] : undefined;
    if (typeof embedded === 'string') {
      source.text = embedded;
    } else {
      try {
        source.text = readFileSync(originalFile, 'utf8');
      } catch (error) {
        source.missing = `not in the source map and not readable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      }
    }
    if (source.text !== undefined) source.sha256 = sha256(source.text);
    return this.#add(originalFile, source);
  }
}

/**
 * Node's type stripping runs a `.ts` file with its types blanked out by spaces, so V8 holds
 * `const sum         = …`. The file on disk has the same length and the same positions: when it
 * still matches in length (give or take the comments Node appends), it is the source worth keeping.
 */
function typeScriptOnDisk(file: string, scriptSource: string): string | undefined {
  if (!/\.[mc]?ts$/.test(file)) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    // Node may append `//# sourceURL=…` comments after the stripped code.
    const tail = scriptSource.slice(text.length);
    const sameLength = scriptSource.length >= text.length && /^(\s*\/\/# source(URL|MappingURL)=[^\n]*)*\s*$/.test(tail);
    return text !== scriptSource && sameLength ? text : undefined;
  } catch {
    return undefined;
  }
}
