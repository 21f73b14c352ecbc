import type { FrameKind } from '../dump/types.js';
import type { SourceTable } from './source-table.js';
import type { FrameView, Position } from './types.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const str = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const pos = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);
const KINDS = new Set<FrameKind>(['user', 'dependency', 'node']);

/** Views of raw frames: TypeScript-mapped positions first, generated ones kept. `first` is the index of the first. */
export function frameViews(frames: unknown[], sources: SourceTable, threadId: number, first: number): FrameView[] {
  return frames.map((raw, offset) => {
    const index = first + offset;
    const frame = (isRecord(raw) ? raw : {}) as Record<string, unknown>;
    const url = str(frame.url);
    // A frame without a file (eval code, a damaged dump) is still shown somewhere.
    const generatedFile = str(frame.file) || url || '<unknown>';
    const generated: Position = { file: generatedFile, url, line: pos(frame.line), column: pos(frame.column) };
    const generatedRef = sourceRef(frame.source, sources) ?? sources.find(url, 'generated') ?? sources.find(generatedFile, 'generated');
    if (generatedRef !== undefined) generated.sourceRef = generatedRef;
    let original: Position | undefined;
    if (isRecord(frame.original) && typeof frame.original.file === 'string') {
      const o = frame.original;
      original = { file: str(o.file) || '<unknown>', line: pos(o.line), column: pos(o.column) };
      const ref = sourceRef(o.source, sources) ?? sources.find(str(o.file), 'original');
      if (ref !== undefined) original.sourceRef = ref;
    }
    const functionName = str(frame.functionName);
    const className = typeof frame.className === 'string' && frame.className ? frame.className : undefined;
    const name = functionName ? (className && !functionName.includes('.') ? `${className}.${functionName}` : functionName) : '<anonymous>';
    const async = frame.async === true;
    const view: FrameView = {
      index,
      threadId,
      name,
      functionName,
      kind: KINDS.has(frame.kind as FrameKind) ? (frame.kind as FrameKind) : 'user',
      async,
      loaderTool: frame.loaderTool === true,
      position: original ?? generated,
      generated,
      hasScopes: !async && Array.isArray(frame.scopes) && frame.scopes.length > 0,
      params: Array.isArray(frame.params) ? frame.params.filter((p): p is string => typeof p === 'string') : [],
    };
    if (className) view.className = className;
    if (original) view.original = original;
    return view;
  });
}

function sourceRef(index: unknown, sources: SourceTable): number | undefined {
  return Number.isInteger(index) && (index as number) >= 0 && (index as number) < sources.count ? (index as number) + 1 : undefined;
}
