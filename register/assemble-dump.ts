import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { FORMAT_MAJOR, FORMAT_MINOR, FORMAT_NAME, type CaptureInfo, type Dump, type ErrorSummary, type EscapeInfo, type Frame, type HandledInfo, type PausingInfo } from '../dump/types.js';
import { errorSummary } from './error-summary.js';
import { fileOf, frameKind, isLoaderToolFrame } from './frame-kind.js';
import type { SyncSession } from './inspector-session.js';
import type { ResolvedOptions } from './options.js';
import { processInfo, threadInfo } from './process-info.js';
import type { Redactor } from './redact.js';
import { redactRequest, type RawRequest } from './redact-request.js';
import { changedAfterThrow } from './state-at-throw.js';
import { serializeCrash, type SerializedCrash } from './serialize-snapshot.js';
import type { ThrowSnapshot } from './throw-snapshot.js';
import { ValueGraph } from './value-graph.js';
import { WIPEOUT_VERSION } from './version.js';
import { nowMs } from './clock.js';

export interface AssembleInput {
  session: SyncSession;
  reason: Dump['reason'];
  /** What is known of the escape beyond `reason` (see `Dump.escape`). */
  escape?: EscapeInfo;
  thrown: unknown;
  /** The throw site, when a pause saw it. */
  snapshot?: ThrowSnapshot;
  /** Throw sites still held for errors of the cause chain. */
  causes: Array<{ depth: number; snapshot: ThrowSnapshot }>;
  scriptUrls: Map<string, string>;
  options: ResolvedOptions;
  redactor: Redactor;
  /** Who was pausing at throws when the crash came, and how. */
  pausing: Pausing;
  /** The failing test, for a `testFailure`. */
  test?: { name: string; file?: string };
  /** For a handled error a server integration saves: its fingerprint, how it was saved, its request. */
  handled?: HandledDetails;
}

/** What a server integration adds to the dump of a handled error (see integrations/). */
export interface HandledDetails {
  fingerprint: string;
  info: HandledInfo;
  request?: RawRequest;
}

/**
 * The hook (at every throw, only at throws V8 predicted uncaught, or not at all for a storm's
 * cool-down), or a debugger the user attached (which pauses only where it wants to).
 */
export type Pausing =
  | { by: 'attached-debugger' }
  | { by: 'hook'; level: 'all' | 'uncaught' | 'off'; storm?: 'throws' | 'scripts' | 'formatter'; forMs?: number; history: PausingInfo['stepDowns'] };

/** What the capture reads of the live program; the rest of the dump is about the process. */
export type CaptureInput = Omit<AssembleInput, 'reason' | 'escape' | 'pausing' | 'test' | 'handled'>;

/**
 * The crash's values, read from the live program: at the throw, when V8 predicted there that the
 * throw escapes (the hook captures inside the pause, before a `finally` block or a handler can
 * change what the frames point to), or when the value escaped.
 */
export interface CapturedValues {
  at: 'throw' | 'escape';
  summary: ErrorSummary;
  stackFrames: Frame[];
  crash: SerializedCrash;
  durationMs: number;
}

export function captureValues(input: CaptureInput, at: CapturedValues['at']): CapturedValues {
  const { session, thrown, snapshot, causes, scriptUrls, options, redactor } = input;
  const startedAt = nowMs();
  const graph = new ValueGraph(options.limits, redactor, startedAt + options.limits.captureTime);
  const summary = errorSummary(thrown, redactor);
  if (summary.stack === undefined && snapshot?.stackAtThrow !== undefined) summary.stack = redactor.scrub(snapshot.stackAtThrow);
  const stackFrames = parseStack(summary.stack ?? '');
  const crash = serializeCrash(session, graph, thrown, snapshot, causes, scriptUrls, { stackFrames, loaderToolScopes: options.loaderToolScopes });
  return { at, summary, stackFrames, crash, durationMs: nowMs() - startedAt };
}

/**
 * Builds the dump of a crash from the escaping value and what was seen at its throw: the values
 * read at the throw when the snapshot holds them, else read now.
 */
export function assembleDump(input: AssembleInput): Dump {
  const { reason, escape, snapshot, options, redactor, pausing } = input;
  const startedAt = nowMs();
  const values = snapshot?.values ?? captureValues(input, 'escape');
  const { summary, stackFrames, crash } = values;
  // Without async stack tracking (too costly to keep on), awaiting callers are known only from
  // the stack string: they follow the paused frames as frames without scopes.
  // V8 never pauses at a stack overflow: a later pause in Node's own code is no throw site.
  const pausedAtThrow = snapshot !== undefined && (crash.frames.some((frame) => frame.kind !== 'node') || !stackFrames.some((frame) => frame.kind !== 'node'));
  const frames = pausedAtThrow ? [...crash.frames, ...stackFrames.filter((frame) => frame.async)] : stackFrames;
  const problems = pausedAtThrow ? crash.problems : [`${whyNoThrowSite(snapshot, pausing)}: ${stackOnlyFrames(summary.stack, input.thrown)}`, ...crash.problems];
  const dump: Dump = {
    format: FORMAT_NAME,
    version: `${FORMAT_MAJOR}.${FORMAT_MINOR}`,
    id: randomUUID(),
    time: new Date().toISOString(),
    reason,
    ...(escape ? { escape } : {}),
    error: crash.error,
    errorSummary: summary,
    process: processInfo(redactor),
    thread: threadInfo(),
    frames,
    objects: crash.objects,
    sources: crash.sources,
    limits: options.limits,
    capture: {
      writer: WIPEOUT_VERSION,
      durationMs: round((snapshot?.durationMs ?? 0) + (snapshot?.values ? values.durationMs : 0) + nowMs() - startedAt),
      redaction: redactor.enabled,
      method: pausedAtThrow ? 'pause' : 'stack-only',
      ...(pausedAtThrow ? { valuesAt: values.at } : {}),
      ...(pausedAtThrow && values.at === 'escape' ? changesSinceThrow(snapshot, redactor) : {}),
      pausing: pausingInfo(pausing),
      problems,
    },
  };
  if (crash.causeSites.length > 0) dump.causeSites = crash.causeSites;
  if (input.test) dump.test = { name: redactor.scrub(input.test.name), ...(input.test.file ? { file: input.test.file } : {}) };
  if (input.handled) {
    dump.fingerprint = input.handled.fingerprint;
    dump.handled = input.handled.info;
    if (input.handled.request) dump.request = redactRequest(input.handled.request, redactor);
  }
  return dump;
}

/** `capture.changedAfterThrow`, when the objects read at the escape had changed since the throw. */
function changesSinceThrow(snapshot: ThrowSnapshot | undefined, redactor: Redactor): Pick<CaptureInfo, 'changedAfterThrow'> {
  if (!snapshot?.stateAtThrow) return {};
  try {
    const changed = changedAfterThrow(snapshot.stateAtThrow, redactor);
    return changed.changes.length > 0 ? { changedAfterThrow: changed } : {};
  } catch {
    return {};
  }
}

/**
 * What a stack-only dump's frames are. V8 keeps an error's frames for its stack formatter only:
 * when the program installed its own (jest, vitest, source-map-support, ts-node do) and nothing
 * formatted the stack before the error escaped, reading it would run the program's code, so the
 * dump has no frames rather than that.
 */
function stackOnlyFrames(stack: string | undefined, thrown: unknown): string {
  if (stack !== undefined || typeof thrown !== 'object' || thrown === null) return 'frames come from the stack string and have no scopes';
  return "there are no frames: the error's stack could not be read without running the program's code (its Error.prepareStackTrace, or a name or message getter)";
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function pausingInfo(pausing: Pausing): PausingInfo {
  if (pausing.by === 'attached-debugger') return { level: 'attached-debugger', stepDowns: { uncaught: 0, off: 0, offForScripts: 0 } };
  const { level, storm, forMs, history } = pausing;
  return { level, ...(storm ? { storm, forMs } : {}), stepDowns: history };
}

/** The first words of a stack-only dump's problem: why its throw site is not known. */
function whyNoThrowSite(snapshot: ThrowSnapshot | undefined, pausing: Pausing): string {
  if (snapshot) return "V8 paused for this value only in Node's own code, not where it was thrown (as after a stack overflow)";
  if (pausing.by === 'attached-debugger') return "Node's inspector was open at start-up (--inspect), so pausing is left to the debugger attached there, which did not pause where this value was thrown";
  const storm = pausing.storm === 'scripts' ? 'more than 300 scripts compiled in a second' : 'a storm of handled throws';
  const since = pausing.forMs !== undefined ? ` ${pausing.forMs} ms before the crash` : '';
  if (pausing.level === 'off') return `the debugger was off for a cool-down after ${storm}${since}`;
  if (pausing.level === 'uncaught' && pausing.storm === 'formatter') {
    return `the hook paused only at throws V8 predicted uncaught, since the program set its own Error.prepareStackTrace${since} (a pause elsewhere would have run it), and V8 predicted this one caught (as it does for async functions and ES modules)`;
  }
  if (pausing.level === 'uncaught') {
    return `the hook paused only at throws V8 predicted uncaught, for a cool-down after ${storm}${since}, and V8 predicted this one caught (as it does for async functions and ES modules)`;
  }
  return 'no throw site was held for this value (V8 did not pause at its throw, or the value was made in another vm context)';
}

const FRAME_LINE = /^\s*at (?:(async) )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/** Frames from V8's stack string (`at fn (file:line:col)`), positions only. */
export function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME_LINE.exec(line);
    if (!match) continue;
    const [, isAsync, functionName = '', location = '', lineText = '0', columnText = '0'] = match;
    const url = location.startsWith('/') ? pathToFileURL(location).href : location;
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
    if (isLoaderToolFrame(url)) frame.loaderTool = true;
    frames.push(frame);
  }
  return frames;
}
