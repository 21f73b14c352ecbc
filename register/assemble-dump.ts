import { randomUUID } from 'node:crypto';
import { FORMAT_MAJOR, FORMAT_MINOR, FORMAT_NAME, type Dump, type Frame } from '../dump/types.js';
import type { PauseCapture } from './capture-pause.js';
import { errorSummary } from './error-summary.js';
import { fileOf, frameKind } from './frame-kind.js';
import type { ResolvedOptions } from './options.js';
import { processInfo, threadInfo } from './process-info.js';
import type { Redactor } from './redact.js';
import { ValueGraph } from './value-graph.js';
import { WIPEOUT_VERSION } from './version.js';

export interface AssembleInput {
  reason: Dump['reason'];
  thrown: unknown;
  /** The capture taken at the throw, when there was one for this value. */
  capture?: PauseCapture;
  options: ResolvedOptions;
  redactor: Redactor;
  threadName?: string;
}

/** Builds the dump of a crash: the capture taken at the throw, or the error alone when there is none. */
export function assembleDump({ reason, thrown, capture, options, redactor, threadName }: AssembleInput): Dump {
  const base = capture ?? stackOnlyCapture(thrown, options, redactor);
  return {
    format: FORMAT_NAME,
    version: `${FORMAT_MAJOR}.${FORMAT_MINOR}`,
    id: randomUUID(),
    time: new Date().toISOString(),
    reason,
    error: base.error,
    errorSummary: errorSummary(thrown, redactor),
    process: processInfo(redactor),
    thread: threadInfo(threadName),
    frames: base.frames,
    objects: base.objects,
    sources: base.sources,
    limits: options.limits,
    capture: {
      writer: WIPEOUT_VERSION,
      durationMs: Math.round(base.durationMs * 100) / 100,
      redaction: redactor.enabled,
      method: capture ? 'pause' : 'stack-only',
      problems: base.problems,
    },
  };
}

/**
 * Without a pause at the throw, the error is all there is: its value, and frames parsed from its
 * stack string (positions only, no scopes).
 */
function stackOnlyCapture(thrown: unknown, options: ResolvedOptions, redactor: Redactor): PauseCapture {
  const startedAt = performance.now();
  const graph = new ValueGraph(options.limits, redactor, startedAt + options.limits.captureTime);
  const error = graph.value(thrown, 0);
  graph.drain();
  const stack = errorSummary(thrown, redactor).stack ?? '';
  return {
    thrown,
    error,
    frames: parseStack(stack),
    objects: graph.objects,
    sources: [],
    problems: ['the throw was not seen by the inspector: frames come from the stack string and have no scopes'],
    startedAt,
    durationMs: performance.now() - startedAt,
  };
}

const FRAME_LINE = /^\s*at (?:(async) )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/** Frames from V8's stack string (`at fn (file:line:col)`), for when no pause saw the throw. */
export function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME_LINE.exec(line);
    if (!match) continue;
    const [, isAsync, functionName = '', location = '', lineText = '0', columnText = '0'] = match;
    const url = location.startsWith('/') ? `file://${location}` : location;
    const frame: Frame = {
      functionName,
      url,
      file: fileOf(url),
      line: Number(lineText),
      column: Number(columnText),
      kind: frameKind(url),
      scopes: [],
    };
    if (isAsync) frame.async = true;
    frames.push(frame);
  }
  return frames;
}
