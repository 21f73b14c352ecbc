import type { Colors } from '../colors.js';

/** Options of `formatSnippet`. */
export interface SnippetOptions {
  /** Lines shown before the current one. */
  before?: number;
  /** Lines shown after the current one. */
  after?: number;
  /** Show exactly these lines instead (1-based, inclusive), for `ll`. */
  range?: [number, number];
  indent?: string;
}

/** Source lines around `line`, numbered, with `>` marking the current one (node inspect's style). */
export function formatSnippet(text: string, line: number, colors: Colors, options: SnippetOptions = {}): string[] {
  const lines = text.split(/\r?\n/);
  const [first, last] = options.range ?? [line - (options.before ?? 2), line + (options.after ?? 2)];
  const from = Math.max(1, first);
  const to = Math.min(lines.length, last);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const code = lines[n - 1]!.replace(/\t/g, '  ');
    const shown = code.length > 160 ? `${code.slice(0, 160)}…` : code;
    const number = String(n).padStart(width);
    out.push(n === line ? `${options.indent ?? ''}${colors.yellow(`> ${number}`)} ${shown}` : `${options.indent ?? ''}${colors.dim(`  ${number}`)} ${shown}`);
  }
  return out;
}
