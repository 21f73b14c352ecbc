import { SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedRoots, MAX_READ_BYTES, readBoundedFile } from './read-bounded-file.js';

/** The fields of a source map the capture embeds. */
export interface RawSourceMap {
  sources?: string[];
  sourcesContent?: Array<string | null>;
  sourceRoot?: string;
}

/** A script's source map, parsed, and the folder its relative `sources` start from. */
export interface FoundSourceMap {
  map: RawSourceMap;
  /** Folder that the map's `sources` are relative to. */
  dir: string;
  consumer: SourceMap;
}

/** A `sourceMappingURL` comment, where V8 and Node look for one: at the end of the script. */
const MAPPING_URL = /\/\/[#@][ \t]+sourceMappingURL=([^\s'"]+)[ \t]*$/gm;

/**
 * The source map of the script at `file`, whose text is `text` (as V8 ran it, from the inspector:
 * the script is not read again). An inline `data:` map is decoded; a map in a file is read only
 * when it is a regular file under the program's folders (see read-bounded-file.ts). Throws with a
 * sentence when there is a map that cannot be used; `undefined` when there is none.
 */
export function readSourceMap(file: string, text: string): FoundSourceMap | undefined {
  const tail = text.length > 1_000_000 ? text.slice(-1_000_000) : text;
  let url: string | undefined;
  for (const match of tail.matchAll(MAPPING_URL)) url = match[1];
  if (!url) return undefined;
  let json: string;
  let dir = dirname(file);
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    if (comma < 0) throw new Error('its inline source map is not a data: URL');
    const meta = url.slice(5, comma);
    const payload = url.slice(comma + 1);
    if (payload.length > MAX_READ_BYTES * 2) throw new Error('its inline source map is too large');
    json = /;base64$/i.test(meta) ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload);
  } else {
    let mapFile: string;
    try {
      mapFile = url.startsWith('file:') ? fileURLToPath(url) : resolve(dir, decodeURIComponent(url));
    } catch {
      throw new Error(`its sourceMappingURL ${JSON.stringify(url.slice(0, 200))} is not a file`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) throw new Error(`its source map is at a URL (${url.slice(0, 200)}), which is not fetched at a crash`);
    const read = readBoundedFile(mapFile, allowedRoots(file));
    if ('why' in read) throw new Error(`its source map was not read: ${read.why}`);
    json = read.text;
    dir = dirname(mapFile);
  }
  const map = JSON.parse(json) as RawSourceMap & Record<string, unknown>;
  if (typeof map !== 'object' || map === null) throw new Error('its source map is not a JSON object');
  return { map, dir, consumer: new SourceMap(map as never) };
}

/**
 * The original position of a generated 1-based line and column, or `undefined` when the map maps
 * nothing at or before it. A position before a line's first mapping takes the last one before it,
 * on an earlier line if need be, as Node's own lookup for `err.stack` does: a frame then reads as
 * in the stack Node printed (tsx's wrapper `})()` reads as the last line of the file).
 */
export function mapPosition(found: FoundSourceMap, line: number, column: number): { file: string; line: number; column: number; name?: string } | undefined {
  const entry = found.consumer.findEntry(line - 1, column - 1) as { generatedLine?: number; originalSource?: string; originalLine?: number; originalColumn?: number; name?: string };
  if (!entry || typeof entry.generatedLine !== 'number' || typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number') return undefined;
  const position: { file: string; line: number; column: number; name?: string } = {
    file: originalPath(found, entry.originalSource),
    line: entry.originalLine + 1,
    column: (entry.originalColumn ?? 0) + 1,
  };
  if (entry.name) position.name = entry.name;
  return position;
}

/** Where a `sources` entry of the map points, as a path when it is one. */
export function originalPath(found: FoundSourceMap, source: string): string {
  if (source.startsWith('file:')) {
    try {
      return fileURLToPath(source);
    } catch {
      return source;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^[A-Za-z]:[\\/]/.test(source)) return source; // webpack://, http://
  const root = typeof found.map.sourceRoot === 'string' ? found.map.sourceRoot : '';
  if (root.startsWith('file:')) {
    try {
      return resolve(fileURLToPath(root), source);
    } catch {
      return source;
    }
  }
  return isAbsolute(source) ? source : resolve(found.dir, root, source);
}
