import type { FrameKind, ScopeType } from '../dump/types.js';
import type { CapturedValues } from './assemble-dump.js';
import { frameKind } from './frame-kind.js';
import { isRealmGlobal, remoteToValues, UNREACHED, type RemoteObject } from './inspector-bridge.js';
import type { SyncSession } from './inspector-session.js';
import type { StateAtThrow } from './state-at-throw.js';
import { nowMs } from './clock.js';

/** What V8 sends with `Debugger.paused`, as far as the capture reads it. */
export interface CallFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number; columnNumber: number };
  /** Where the function starts; absent for top-level code. */
  functionLocation?: { scriptId: string; lineNumber: number; columnNumber: number };
  url: string;
  scopeChain: Array<{ type: string; name?: string; object: RemoteObject }>;
  this: RemoteObject;
}

/** One frame of a snapshot: its position and, for user and dependency code, its live scopes. */
export interface SnapshotFrame {
  functionName: string;
  className?: string;
  scriptId: string;
  url: string;
  line: number;
  column: number;
  kind: FrameKind;
  /** 0-based line and column where the function starts, to read its parameter names. */
  functionStart?: { line: number; column: number };
  scopes: Array<{ type: ScopeType; name?: string; object: unknown }>;
  hasThis: boolean;
  this?: unknown;
}

/**
 * The throw site, held as live values: taking it costs one inspector call, and turning it into
 * dump data waits until the thrown value is known to escape, unless V8 predicted so at the pause
 * (`values`). Scope objects are V8's copies of the variables at the throw, so later assignments do
 * not change them; the objects they point to are read when the values are.
 */
export interface ThrowSnapshot {
  thrown: unknown;
  /**
   * The thrown error's stack as V8 described it for the pause, having formatted it there (with the
   * program's name and message getters, if any): used when the stack cannot be read without them.
   */
  stackAtThrow?: string;
  frames: SnapshotFrame[];
  /** Frames the pause reported beyond those kept. */
  omittedFrames: number;
  problems: string[];
  durationMs: number;
  /** The crash's values, read inside the pause when V8 predicted the throw escapes. */
  values?: CapturedValues;
  /** Otherwise, a shallow copy of what the top frames point to, to tell what changed by the escape. */
  stateAtThrow?: StateAtThrow;
  /**
   * A plain throw (V8's pause reason `exception`, not `promiseRejection`) whose stack runs down
   * into Node's CommonJS loader: a synchronous throw while a CommonJS module ran. When it escapes as
   * an "unhandled rejection", that is the ES module loader's promise (see `Dump.escape`).
   */
  syncInCommonJs?: true;
}

/** Node's CommonJS loader, below every frame of a module's top-level code. */
const CJS_LOADER = 'node:internal/modules/cjs/loader';
const SCOPE_TYPES = new Set<string>(['local', 'closure', 'block', 'catch', 'script', 'module', 'with', 'eval']);
/** Frames past this many keep no position at all, so that a stack overflow stays small. */
const MAX_FRAMES = 200;

/** Takes the snapshot inside a `Debugger.paused` handler, while the throw site is still live. */
export function takeSnapshot(
  session: SyncSession,
  callFrames: CallFrame[],
  thrownRemote: RemoteObject | undefined,
  scopedFrames: number,
  scriptUrls: Map<string, string>,
  pauseReason = 'exception',
): ThrowSnapshot {
  // Newer V8 leaves the deprecated `CallFrame.url` empty: the URL comes from `scriptParsed`.
  const urlOf = (callFrame: CallFrame) => callFrame.url || scriptUrls.get(callFrame.location.scriptId) || '';
  const startedAt = nowMs();
  const remotes: RemoteObject[] = [thrownRemote ?? { type: 'undefined' }];
  const plan = callFrames.slice(0, MAX_FRAMES).map((callFrame, index) => {
    const url = urlOf(callFrame);
    const kind = frameKind(url);
    // Node's own frames hold the module loader's state: large, and never what the user is after.
    const withScopes = kind !== 'node' && index < scopedFrames;
    const scopes = withScopes
      ? callFrame.scopeChain
          .filter((scope) => SCOPE_TYPES.has(scope.type))
          .map((scope) => ({ type: scope.type as ScopeType, name: scope.name, slot: remotes.push(scope.object) - 1 }))
      : [];
    const hasThis = withScopes && callFrame.this.type !== 'undefined';
    const thisSlot = hasThis ? remotes.push(callFrame.this) - 1 : -1;
    return { callFrame, url, kind, scopes, hasThis, thisSlot };
  });
  const problems: string[] = [];
  let live: unknown[] = [];
  try {
    live = remoteToValues(session, remotes);
  } catch (error) {
    problems.push(`the scopes could not be read: ${(error as Error).message}`);
  }
  const unreached: string[] = [];
  const frames = plan.map(({ callFrame, url, kind, scopes, hasThis, thisSlot }, index): SnapshotFrame => {
    // A frame of a node:vm context no integration handed over keeps its position only.
    const reached = scopes.every(({ slot }) => live[slot] !== UNREACHED) && (!hasThis || live[thisSlot] !== UNREACHED);
    if (!reached) unreached.push(`#${index} ${callFrame.functionName || '<anonymous>'}`);
    const frame: SnapshotFrame = {
      functionName: callFrame.functionName,
      scriptId: callFrame.location.scriptId,
      url,
      line: callFrame.location.lineNumber + 1,
      column: callFrame.location.columnNumber + 1,
      kind,
      scopes: reached ? scopes.map(({ type, name, slot }) => ({ type, ...(name ? { name } : {}), object: live[slot] })) : [],
      // A sloppy function's `this` is its realm's global, which is no more the frame's than ours.
      hasThis: reached && hasThis && live[thisSlot] !== globalThis && !isRealmGlobal(live[thisSlot]),
    };
    if (callFrame.functionName && callFrame.functionLocation) {
      frame.functionStart = { line: callFrame.functionLocation.lineNumber, column: callFrame.functionLocation.columnNumber };
    }
    if (frame.hasThis) {
      frame.this = live[thisSlot];
      const className = callFrame.this.className;
      if (callFrame.this.type === 'object' && className && className !== 'Object' && className !== 'global') frame.className = className;
    }
    return frame;
  });
  if (unreached.length > 0) problems.push(`frames run in a node:vm context wipeout was not given have no scopes: ${unreached.join(', ')}`);
  return {
    thrown: live[0] === UNREACHED ? undefined : live[0],
    ...(thrownRemote?.subtype === 'error' && typeof thrownRemote.description === 'string' ? { stackAtThrow: thrownRemote.description } : {}),
    frames,
    omittedFrames: Math.max(0, callFrames.length - MAX_FRAMES),
    problems,
    durationMs: nowMs() - startedAt,
    ...(pauseReason === 'exception' && plan.some((step) => step.url === CJS_LOADER) ? { syncInCommonJs: true as const } : {}),
  };
}
