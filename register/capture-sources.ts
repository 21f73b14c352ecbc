import { createHash } from 'node:crypto';
import type { Frame, OriginalPosition, Source } from '../dump/types.js';
import type { SyncSession } from './inspector-session.js';
import { parameterNames } from './parameter-names.js';
import { allowedRoots, readBoundedFile } from './read-bounded-file.js';
import { mapPosition, originalPath, readSourceMap, type FoundSourceMap, type RawSourceMap } from './read-source-map.js';
import { noRedaction, type Redactor } from './redact.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Collects the scripts of the stack: the text V8 ran, its source map, and the original sources the
 * frames map to. One instance per capture; `generated()` and `original()` return indexes into
 * `sources`, adding each file once.
 */
export class SourceCollector {
  readonly sources: Source[] = [];
  readonly problems: string[] = [];
  #byUrl = new Map<string, number>();
  #maps = new Map<string, FoundSourceMap | null>();
  #mapFiles = new WeakMap<FoundSourceMap, Set<string>>();

  /**
   * `redactor` scrubs the original sources embedded from a map or from disk, as the capture
   * scrubs strings: a source may hold a secret the environment also holds.
   */
  constructor(readonly session: SyncSession, readonly redactor: Redactor = noRedaction) {}

  /** The running script `scriptId` (at `url`, path `file`), embedded once. */
  generated(scriptId: string, url: string, file: string): number {
    const known = this.#byUrl.get(url);
    if (known !== undefined) return known;
    const source: Source = { url, file, role: 'generated' };
    try {
      const { scriptSource } = this.session.post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId });
      source.text = typeScriptOnDisk(file, scriptSource) ?? scriptSource;
      source.sha256 = sha256(source.text);
      const map = this.#sourceMap(file, scriptSource);
      if (map) source.sourceMap = this.#scrubbedMap(map.map);
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
    const found = this.#maps.get(file);
    if (!found) return undefined;
    let mapped: ReturnType<typeof mapPosition>;
    try {
      mapped = mapPosition(found, line, column);
    } catch (error) {
      this.problems.push(`the source map of ${file} could not be read: ${(error as Error).message}`);
      return undefined;
    }
    // tsx maps a `.ts` file's compiled text back to the same path: the original is the file itself.
    if (!mapped) return undefined;
    const position: OriginalPosition = { file: mapped.file, line: mapped.line, column: mapped.column };
    if (mapped.name) position.name = mapped.name;
    const index = this.#originalSource(file, mapped.file);
    if (index !== undefined) position.source = index;
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
    const listed = stackIsMapped() ? this.#listedIn(frame.file) : undefined;
    if (listed !== undefined) {
      frame.original = { file: frame.file, line: frame.line, column: frame.column };
      const source = this.#originalSource(listed, frame.file);
      if (source !== undefined) frame.original.source = source;
      return;
    }
    if (index !== undefined) frame.source = index;
    const original = this.original(frame.file, frame.line, frame.column);
    if (original) frame.original = original;
  }

  /** The generated file whose map (read so far) lists `file` among its sources, if any. */
  #listedIn(file: string): string | undefined {
    for (const [generatedFile, found] of this.#maps) {
      const sources = found?.map.sources;
      if (!found || !Array.isArray(sources)) continue;
      // Resolved once per map: a bundle's map may list thousands of files.
      let files = this.#mapFiles.get(found);
      if (!files) {
        files = new Set(sources.filter((name): name is string => typeof name === 'string').map((name) => originalPath(found, name)));
        this.#mapFiles.set(found, files);
      }
      if (files.has(file)) return generatedFile;
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

  /** The map as embedded: its `sourcesContent` scrubbed like the original sources it holds. */
  #scrubbedMap(map: RawSourceMap): RawSourceMap {
    if (!this.redactor.enabled || !Array.isArray(map.sourcesContent)) return map;
    return { ...map, sourcesContent: map.sourcesContent.map((text) => (typeof text === 'string' ? this.redactor.scrub(text) : text)) };
  }

  #add(url: string, source: Source): number {
    const index = this.sources.push(source) - 1;
    this.#byUrl.set(url, index);
    return index;
  }

  /** The map of a script, found from the text V8 ran; read once per capture. */
  #sourceMap(file: string, text: string): FoundSourceMap | null {
    if (this.#maps.has(file)) return this.#maps.get(file)!;
    let found: FoundSourceMap | null = null;
    if (file.startsWith('/') || /^[A-Za-z]:\\/.test(file)) {
      try {
        found = readSourceMap(file, text) ?? null;
      } catch (error) {
        this.problems.push(`the source map of ${file} could not be read: ${(error as Error).message}`);
      }
    }
    this.#maps.set(file, found);
    return found;
  }

  /** Embeds an original source: from the map's `sourcesContent`, else from disk. */
  #originalSource(generatedFile: string, originalFile: string): number | undefined {
    // Keyed apart from generated scripts: tsx runs `app.ts` under its own path, as a generated script.
    const key = `original:${originalFile}`;
    const known = this.#byUrl.get(key);
    if (known !== undefined) return known;
    const entry = this.#maps.get(generatedFile);
    const source: Source = { url: originalFile, file: originalFile, role: 'original' };
    const map = entry?.map;
    const index = entry && Array.isArray(map?.sources) ? map.sources.findIndex((name) => typeof name === 'string' && (originalPath(entry, name) === originalFile || name === originalFile)) : -1;
    const embedded = index >= 0 && Array.isArray(map?.sourcesContent) ? map.sourcesContent[index] : undefined;
    if (typeof embedded === 'string') {
      source.text = this.redactor.scrub(embedded);
    } else {
      // Only a regular file under the program's folders, bounded in size and time: the map chose the path.
      const read = readBoundedFile(originalFile, allowedRoots(generatedFile));
      if ('text' in read) source.text = this.redactor.scrub(read.text);
      else source.missing = `not in the source map and not read: ${read.why}`;
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
 * Node's type stripping runs a `.ts` file with its types blanked out by spaces, so V8 holds
 * `const sum         = …`. The file on disk has the same length and the same positions: when it
 * still matches in length (give or take the comments Node appends), it is the source worth keeping.
 */
function typeScriptOnDisk(file: string, scriptSource: string): string | undefined {
  if (!/\.[mc]?ts$/.test(file)) return undefined;
  try {
    const read = readBoundedFile(file, allowedRoots(file));
    if (!('text' in read)) return undefined;
    const text = read.text;
    // Node may append `//# sourceURL=…` comments after the stripped code.
    const tail = scriptSource.slice(text.length);
    const sameLength = scriptSource.length >= text.length && /^(\s*\/\/# source(URL|MappingURL)=[^\n]*)*\s*$/.test(tail);
    return text !== scriptSource && sameLength ? text : undefined;
  } catch {
    return undefined;
  }
}
