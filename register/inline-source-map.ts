import { intrinsics as I } from './intrinsics.js';
import type { RawSourceMap } from './source-map.js';

/** Inline maps larger than this are skipped: decoding them would cost more than the capture allows. */
const MAX_INLINE_MAP = 32 * 1024 * 1024;

/**
 * The source map carried inside the text V8 ran, as `//# sourceMappingURL=data:application/json;…`
 * (tsx, esbuild `--sourcemap=inline`, swc, ts-node): loaders append it to the code they compile,
 * so it is in no file on disk. The last such comment wins, as in V8. Undefined when there is none;
 * a map that cannot be decoded is reported through `problem`.
 */
export function inlineSourceMap(text: string, problem: (message: string) => void): RawSourceMap | undefined {
  const at = text.lastIndexOf('sourceMappingURL=data:');
  if (at < 0) return undefined;
  // Only a comment at the start of a line counts: a string literal holding the text does not.
  const lineStart = text.lastIndexOf('\n', at) + 1;
  if (!/^\s*(\/\/|\/\*)[#@]\s*$/.test(text.slice(lineStart, at))) return undefined;
  const lineEnd = text.indexOf('\n', at);
  const url = text.slice(at + 'sourceMappingURL='.length, lineEnd < 0 ? text.length : lineEnd).trim().replace(/\s*\*\/$/, '');
  if (url.length > MAX_INLINE_MAP) {
    problem(`an inline source map of ${url.length} characters was skipped (the limit is ${MAX_INLINE_MAP})`);
    return undefined;
  }
  const match = /^data:application\/json(?:;charset=[\w-]+)?(;base64)?,(.*)$/is.exec(url);
  // Loaders hold the comment's prefix in their own code (tsx builds it in a template string):
  // what follows it there is no map, and is no problem to report either.
  if (!match || (match[1] && !/^[A-Za-z0-9+/_-]*={0,2}$/.test(match[2]!))) return undefined;
  try {
    // Buffer.from as the hook found it at start-up: the program may have replaced the global's.
    const json = match[1] ? (I.bufferToString.call(I.bufferFrom(match[2]!, 'base64'), 'utf8') as string) : decodeURIComponent(match[2]!);
    const map: unknown = JSON.parse(json);
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('it is not a JSON object');
    return map as RawSourceMap;
  } catch (error) {
    problem(`an inline source map could not be read: ${(error as Error).message}`);
    return undefined;
  }
}
