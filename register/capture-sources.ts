import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, OriginalPosition, Source } from '../dump/types.js';
import { inlineSourceMap } from './inline-source-map.js';
import type { SyncSession } from './inspector-session.js';
import { parameterNames } from './parameter-names.js';
import { SourceMapIndex, type RawSourceMap } from './source-map.js';

type SourceMapSupport = typeof import('source-map-support');
let sourceMapSupport: SourceMapSupport | undefined;

/** source-map-support finds maps on disk; it is loaded at the first crash with a frame to map, never at start-up. */
function loadSourceMapSupport(): SourceMapSupport {
  sourceMapSupport ??= createRequire(import.meta.url)('source-map-support') as SourceMapSupport;
  return sourceMapSupport;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A script's source map, where it came from (`data:` for one inside the script), and its decoder. */
interface FoundMap {
  map: RawSourceMap;
  mapUrl: string;
  index: SourceMapIndex;
  /** The files its `sources` name, resolved, to their index: built when first needed. */
  files?: Map<string, number>;
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
  #maps = new Map<string, FoundMap | null>();

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
      // The text V8 ran, not the file: a loader (tsx, ts-node, swc) appends its map to the code it compiled.
      const map = this.#sourceMap(file, scriptSource);
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
    const found = this.#sourceMap(file);
    if (!found) return undefined;
    let mapped;
    try {
      mapped = found.index.originalPositionFor(line, column);
    } catch (error) {
      this.problems.push(`the source map of ${file} could not be applied: ${(error as Error).message}`);
      return undefined;
    }
    const name = mapped && mapped.map.sources?.[mapped.source];
    if (!mapped || typeof name !== 'string') return undefined;
    // tsx maps a `.ts` file's compiled text back to the same path: the original is the file itself.
    const originalFile = resolveSource(mapped.map, name, found.mapUrl, file);
    const position: OriginalPosition = { file: originalFile, line: mapped.line, column: mapped.column + 1 };
    if (mapped.name) position.name = mapped.name;
    const content = mapped.map.sourcesContent?.[mapped.source];
    position.source = this.#originalSource(originalFile, typeof content === 'string' ? content : undefined);
    return position;
  }

  /**
   * Gives a frame parsed from the stack string (an `at async …` caller, or every frame of a
   * stack-only dump) what paused frames get: its script embedded and its original position.
   */
  locate(frame: Frame, scriptId: string | undefined): void {
    if (frame.kind === 'node' || frame.loaderTool) return;
    const index = scriptId ? this.generated(scriptId, frame.url, frame.file) : undefined;
    // Node already applied a map when it wrote the stack (--enable-source-maps, or tsx turning
    // source maps on): a file some map names as a source is then an original position. Mapping
    // it again would be wrong, and so would pointing it at the generated text.
    const listed = stackIsMapped() ? this.#listedSource(frame.file) : undefined;
    if (listed) {
      frame.original = { file: frame.file, line: frame.line, column: frame.column, source: this.#originalSource(frame.file, listed.content) };
      return;
    }
    if (index !== undefined) frame.source = index;
    const original = this.original(frame.file, frame.line, frame.column);
    if (original) frame.original = original;
  }

  /** Whether a map read so far lists `file` among its sources, with the text it embeds. */
  #listedSource(file: string): { content?: string } | undefined {
    for (const [generatedFile, found] of this.#maps) {
      const sources = found?.map.sources;
      if (!found || !Array.isArray(sources)) continue;
      // Resolved once per map: a bundle's map may list thousands of files.
      found.files ??= new Map(sources.flatMap((name, at) => (typeof name === 'string' ? [[resolveSource(found.map, name, found.mapUrl, generatedFile), at] as const] : [])));
      const at = found.files.get(file);
      if (at === undefined) continue;
      const content = found.map.sourcesContent?.[at];
      return typeof content === 'string' ? { content } : {};
    }
    return undefined;
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

  #sourceMap(file: string, scriptText?: string): FoundMap | null {
    if (this.#maps.has(file)) return this.#maps.get(file)!;
    let found: FoundMap | null = null;
    const inline = scriptText === undefined ? undefined : inlineSourceMap(scriptText, (problem) => this.problems.push(`${file}: ${problem}`));
    if (inline) {
      found = { map: inline, mapUrl: 'data:', index: new SourceMapIndex(inline) };
    } else if (file.startsWith('/') || /^[A-Za-z]:\\/.test(file)) {
      try {
        const retrieved = loadSourceMapSupport().retrieveSourceMap(file);
        if (retrieved) {
          const text = typeof retrieved.map === 'string' ? retrieved.map : String(retrieved.map);
          const map = JSON.parse(text) as RawSourceMap;
          found = { map, mapUrl: retrieved.url ?? '', index: new SourceMapIndex(map) };
        }
      } catch (error) {
        this.problems.push(`the source map of ${file} could not be read: ${(error as Error).message}`);
      }
    }
    this.#maps.set(file, found);
    return found;
  }

  /** Embeds an original source: from the map's `sourcesContent`, else from disk. */
  #originalSource(originalFile: string, embedded: string | undefined): number {
    // Keyed apart from generated scripts: tsx runs `app.ts` under its own path, as a generated script.
    const key = `original:${originalFile}`;
    const known = this.#byUrl.get(key);
    if (known !== undefined) return known;
    const source: Source = { url: originalFile, file: originalFile, role: 'original' };
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
    return this.#add(key, source);
  }
}

/**
 * Whether Node source-maps `err.stack` (Node 20.7+ tells through `process.sourceMapsEnabled`):
 * positions in the stack string are then original ones, while paused frames are always generated.
 */
function stackIsMapped(): boolean {
  return (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
}

/**
 * The file a map's `sources` entry names: relative to the map's own folder (the script's, for an
 * inline map) and `sourceRoot`; `file:` URLs become paths; other URLs (`webpack://app/./src/x.ts`)
 * stay as they are, since no file holds them.
 */
function resolveSource(map: RawSourceMap, name: string, mapUrl: string, generatedFile: string): string {
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  const joined = root && !/^[a-z][a-z0-9+.-]*:/i.test(name) && !name.startsWith('/') ? `${root.replace(/\/?$/, '/')}${name}` : name;
  if (joined.startsWith('file:')) {
    try {
      return fileURLToPath(joined);
    } catch {
      return joined;
    }
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(joined) && !/^[A-Za-z]:\\/.test(joined)) return joined;
  const mapDir = mapUrl && !mapUrl.startsWith('data:') ? dirname(mapUrl.startsWith('file:') ? fileURLToPath(mapUrl) : mapUrl) : dirname(generatedFile);
  return resolve(mapDir, joined);
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
