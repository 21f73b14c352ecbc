import { formatSnippet } from '../format/format-snippet.js';
import { functionRange } from './function-range.js';
import type { Session } from './session.js';

/** Lines pdb's `list` shows at a time. */
const PAGE = 11;

/** The current frame's source text, or undefined after saying why there is none. */
function frameSource(session: Session): { text: string; line: number; lineCount: number } | undefined {
  const { model, colors } = session;
  const frame = model.frame(session.frame);
  if (!frame) {
    session.print(colors.dim('The dump has no frames.'));
    return undefined;
  }
  const ref = frame.position.sourceRef;
  const text = ref === undefined ? undefined : model.sourceText(ref);
  if (text === undefined) {
    const why = ref === undefined ? 'the dump has no source for it' : model.source(ref)?.missing ?? 'its text is missing';
    session.print(colors.dim(`No source for ${frame.position.file}: ${why}.`));
    return undefined;
  }
  // A file that ends with a newline has no line after it.
  const lines = text.split(/\r?\n/);
  const lineCount = lines.length > 1 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  return { text, line: frame.position.line, lineCount };
}

/** The current frame's line and source, after moving to a frame (and on start). */
export function printWhere(session: Session, options: { before: number; after: number }): void {
  const source = frameSource(session);
  if (!source) return;
  const range: [number, number] = [Math.max(1, source.line - options.before), Math.min(source.lineCount, source.line + options.after)];
  session.print(...formatSnippet(source.text, source.line, session.colors, { range }));
}

/** `ll`, `longlist`: the whole function around the current line. */
export function printFunction(session: Session): void {
  const source = frameSource(session);
  if (!source) return;
  const frame = session.model.frame(session.frame)!;
  const range = functionRange(source.text, source.line, frame.functionName);
  session.print(...formatSnippet(source.text, source.line, session.colors, { range }));
}

/**
 * pdb's `list`: without an argument, 11 lines around the current line, then the next 11 each time
 * it is repeated; `list .` around the current line again; `list N` around line N; `list A,B` lines
 * A to B (B smaller than A is a count, as in pdb).
 */
export function printList(session: Session, arg: string): void {
  const range = listRange(session, arg.trim());
  if (typeof range === 'string') return session.error(range);
  const source = frameSource(session);
  if (!source) return;
  const [first, last] = range(source.line);
  if (first > source.lineCount) {
    return session.print(session.colors.dim(`[EOF] (line ${first} is past the end: the file has ${source.lineCount} lines)`));
  }
  const to = Math.min(last, source.lineCount);
  session.print(...formatSnippet(source.text, source.line, session.colors, { range: [first, to] }));
  session.listedUpTo = to;
  if (last >= source.lineCount) session.print(session.colors.dim('[EOF]'));
}

/** The lines a `list` argument asks for, given the current line; or why it is not understood. */
function listRange(session: Session, arg: string): ((current: number) => [number, number]) | string {
  const around = (line: number): [number, number] => {
    const first = Math.max(1, line - 5);
    return [first, first + PAGE - 1];
  };
  const after = session.listedUpTo;
  if (arg === '') return (current) => (after === undefined ? around(current) : [after + 1, after + PAGE]);
  if (arg === '.') return around;
  if (/^\d+$/.test(arg)) return () => around(Number(arg));
  const pair = /^(\d+)\s*,\s*(\d+)$/.exec(arg);
  if (pair) {
    const first = Math.max(1, Number(pair[1]));
    const second = Number(pair[2]);
    return () => [first, second < first ? first + second : second];
  }
  return `Expected list, list . (around the current line), list N (around line N) or list FIRST,LAST, got "${arg}"`;
}
