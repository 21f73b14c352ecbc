/**
 * Applies a source map (revision 3) to a generated position, without running or loading anything:
 * the `mappings` are decoded here, line by line and only for the lines asked about, so a 10 MB
 * bundle map costs only the lines of the stack. Index maps (`sections`) are read too.
 */

export interface RawSourceMap {
  version?: number;
  file?: string;
  sources?: Array<string | null>;
  sourcesContent?: Array<string | null>;
  sourceRoot?: string;
  names?: string[];
  mappings?: string;
  sections?: Array<{ offset?: { line?: number; column?: number }; map?: RawSourceMap }>;
}

/** A position in an original source: `source` indexes the map's `sources`; line 1-based, column 0-based. */
export interface MappedPosition {
  map: RawSourceMap;
  source: number;
  line: number;
  column: number;
  name?: string;
}

/** [generated column, source, original line, original column, name?], all 0-based. */
type Segment = [number, number, number, number, number?];

const BASE64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((char, index) => [char, index]));
/** No map of a real program has more: past it, the map is damaged and is not decoded. */
const MAX_MAPPINGS_LENGTH = 256 * 1024 * 1024;
/** How far back a position before a line's first mapping looks for an earlier one. */
const MAX_LINES_BACK = 1_000;

export class SourceMapIndex {
  #lineStarts: number[] | undefined;
  #decoded = new Map<number, Segment[]>();
  /** Running VLQ state at the start of each decoded line, since fields are deltas across lines. */
  #stateAt = new Map<number, [number, number, number, number]>();

  constructor(readonly map: RawSourceMap) {}

  /** The original position of a generated 1-based line and 1-based column, or undefined when unmapped. */
  originalPositionFor(line: number, column: number): MappedPosition | undefined {
    if (Array.isArray(this.map.sections)) return this.#inSections(line, column);
    if (typeof this.map.mappings !== 'string' || line < 1) return undefined;
    const segments = this.#line(line - 1) ?? [];
    // The last segment starting at or before the position, as Node's own lookup (`findEntry`, used
    // for `err.stack` with source maps on) does: on an earlier line when this one has none before
    // the column, so a frame reads as it does in the stack Node printed.
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment[0] > column - 1) break;
      found = segment;
    }
    const last = Math.min(line - 2, (this.#lineStarts?.length ?? 0) - 1);
    for (let earlier = last; !found && earlier >= 0 && earlier >= line - 1 - MAX_LINES_BACK; earlier--) {
      found = this.#line(earlier)?.at(-1);
    }
    if (!found || found.length < 4) return undefined;
    const position: MappedPosition = { map: this.map, source: found[1], line: found[2] + 1, column: found[3] };
    const name = found[4] !== undefined ? this.map.names?.[found[4]] : undefined;
    if (typeof name === 'string') position.name = name;
    return position;
  }

  #inSections(line: number, column: number): MappedPosition | undefined {
    const sections = this.map.sections!;
    let chosen: (typeof sections)[number] | undefined;
    for (const section of sections) {
      const at = { line: section.offset?.line ?? 0, column: section.offset?.column ?? 0 };
      if (at.line > line - 1 || (at.line === line - 1 && at.column > column - 1)) break;
      chosen = section;
    }
    if (!chosen?.map || typeof chosen.map !== 'object') return undefined;
    const offsetLine = chosen.offset?.line ?? 0;
    const offsetColumn = line - 1 === offsetLine ? chosen.offset?.column ?? 0 : 0;
    return new SourceMapIndex(chosen.map).originalPositionFor(line - offsetLine, column - offsetColumn);
  }

  /** The segments of a 0-based generated line, decoding every line before it once. */
  #line(target: number): Segment[] | undefined {
    const mappings = this.map.mappings;
    if (typeof mappings !== 'string' || mappings.length > MAX_MAPPINGS_LENGTH || target < 0) return undefined;
    const known = this.#decoded.get(target);
    if (known) return known;
    this.#lineStarts ??= lineStarts(mappings);
    if (target >= this.#lineStarts.length) return undefined;
    // Resume from the nearest decoded line before the target.
    let from = target;
    while (from > 0 && !this.#stateAt.has(from)) from--;
    let state = this.#stateAt.get(from) ?? [0, 0, 0, 0];
    for (let line = from; line <= target; line++) {
      this.#stateAt.set(line, state);
      const start = this.#lineStarts[line]!;
      const end = line + 1 < this.#lineStarts.length ? this.#lineStarts[line + 1]! - 1 : mappings.length;
      const [segments, next] = decodeLine(mappings, start, end, state);
      if (line === target) this.#decoded.set(line, segments);
      state = next;
      this.#stateAt.set(line + 1, state);
    }
    return this.#decoded.get(target);
  }
}

function lineStarts(mappings: string): number[] {
  const starts = [0];
  for (let index = mappings.indexOf(';'); index !== -1; index = mappings.indexOf(';', index + 1)) starts.push(index + 1);
  return starts;
}

/** One line's segments; `state` is [source, original line, original column, name] carried from the line before. */
function decodeLine(mappings: string, start: number, end: number, state: [number, number, number, number]): [Segment[], [number, number, number, number]] {
  const segments: Segment[] = [];
  let [source, originalLine, originalColumn, name] = state;
  let column = 0;
  let index = start;
  while (index < end) {
    if (mappings[index] === ',') {
      index++;
      continue;
    }
    const fields: number[] = [];
    while (index < end && mappings[index] !== ',') {
      let value = 0;
      let shift = 0;
      let digit: number;
      do {
        digit = BASE64.get(mappings[index++]!) ?? 0;
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32 && index < end && shift < 35);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    if (fields.length === 0) continue;
    column += fields[0]!;
    if (fields.length >= 4) {
      source += fields[1]!;
      originalLine += fields[2]!;
      originalColumn += fields[3]!;
      const segment: Segment = [column, source, originalLine, originalColumn];
      if (fields.length >= 5) {
        name += fields[4]!;
        segment.push(name);
      }
      segments.push(segment);
    } else {
      segments.push([column] as unknown as Segment);
    }
  }
  return [segments, [source, originalLine, originalColumn, name]];
}
