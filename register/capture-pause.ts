import type { Frame, Limits, Scope, ScopeType, Source, Value, ObjectNode } from '../dump/types.js';
import { SourceCollector } from './capture-sources.js';
import { fileOf, frameKind } from './frame-kind.js';
import { remoteToValues, valuesToRemote, type RemoteObject } from './inspector-bridge.js';
import type { SyncSession } from './inspector-session.js';
import type { Redactor } from './redact.js';
import { ValueGraph } from './value-graph.js';

/** What V8 sends with `Debugger.paused`, as far as the capture reads it. */
export interface CallFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number; columnNumber: number };
  url: string;
  scopeChain: Array<{ type: string; name?: string; object: RemoteObject }>;
  this: RemoteObject;
}

/** A capture taken at the throw, before it is known whether the error escapes. */
export interface PauseCapture {
  /** The thrown value, as a live JavaScript value: the key that matches it to the crash later. */
  thrown: unknown;
  error: Value;
  frames: Frame[];
  objects: ObjectNode[];
  sources: Source[];
  problems: string[];
  startedAt: number;
  durationMs: number;
}

export interface PauseCaptureOptions {
  limits: Limits;
  redactor: Redactor;
  /** scriptId → URL, for the location of captured functions. */
  scriptUrls: Map<string, string>;
}

const SCOPE_TYPES = new Set<ScopeType>(['local', 'closure', 'block', 'catch', 'script', 'module', 'with', 'eval']);
/** Frames past this many keep their position only, so that a stack overflow stays small. */
const MAX_FRAMES = 200;
const OBJECT_GROUP = 'wipeout-capture';

/**
 * Reads everything about the paused stack: frames, their scopes and `this`, the thrown value, and
 * the sources. Runs inside the `Debugger.paused` handler, so every value is still live.
 */
export function capturePause(session: SyncSession, callFrames: CallFrame[], thrownRemote: RemoteObject | undefined, options: PauseCaptureOptions): PauseCapture {
  const startedAt = performance.now();
  const { limits, redactor } = options;
  const graph = new ValueGraph(limits, redactor, startedAt + limits.captureTime);
  const sources = new SourceCollector(session);
  const problems: string[] = [];

  // Gather every handle first and turn them into live values in one call.
  const remotes: RemoteObject[] = [thrownRemote ?? { type: 'undefined' }];
  const plan = callFrames.slice(0, MAX_FRAMES).map((callFrame, index) => {
    const kind = frameKind(callFrame.url);
    const withScopes = kind !== 'node' && index < limits.frames;
    const scopes = withScopes
      ? callFrame.scopeChain
          .filter((scope) => SCOPE_TYPES.has(scope.type as ScopeType))
          .map((scope) => ({ scope, slot: remotes.push(scope.object) - 1 }))
      : [];
    const thisSlot = withScopes && callFrame.this.type !== 'undefined' ? remotes.push(callFrame.this) - 1 : -1;
    return { callFrame, kind, scopes, thisSlot };
  });
  let live: unknown[];
  try {
    live = remoteToValues(session, remotes);
  } catch (error) {
    problems.push(`the scopes could not be read: ${(error as Error).message}`);
    live = [];
  }

  const thrown = live[0];
  const error = graph.value(thrown, 0);
  const frames: Frame[] = plan.map(({ callFrame, kind, scopes, thisSlot }) => {
    const url = callFrame.url;
    const file = fileOf(url);
    const frame: Frame = {
      functionName: callFrame.functionName,
      url,
      file,
      line: callFrame.location.lineNumber + 1,
      column: callFrame.location.columnNumber + 1,
      kind,
      scopes: scopes.map(({ scope, slot }) => scopeOf(graph, scope.type as ScopeType, scope.name, live[slot])),
    };
    if (thisSlot >= 0 && live[thisSlot] !== globalThis) {
      frame.this = graph.value(live[thisSlot], 0);
      const className = callFrame.this.className;
      if (callFrame.this.type === 'object' && className && className !== 'Object' && className !== 'global') frame.className = className;
    }
    if (kind !== 'node') {
      try {
        frame.source = sources.generated(callFrame.location.scriptId, url, file);
        const original = sources.original(file, frame.line, frame.column);
        if (original) frame.original = original;
      } catch (error) {
        problems.push(`the source of ${file} could not be read: ${(error as Error).message}`);
      }
    }
    return frame;
  });
  graph.drain();
  resolveInspectorWork(session, graph, options.scriptUrls, problems);
  if (callFrames.length > MAX_FRAMES) problems.push(`${callFrames.length - MAX_FRAMES} more frames were not captured`);

  return {
    thrown,
    error,
    frames,
    objects: graph.objects,
    sources: sources.sources,
    problems: [...problems, ...graph.problems, ...sources.problems],
    startedAt,
    durationMs: performance.now() - startedAt,
  };
}

function scopeOf(graph: ValueGraph, type: ScopeType, name: string | undefined, scopeObject: unknown): Scope {
  const scope: Scope = { type, variables: [] };
  if (name) scope.name = name;
  if (typeof scopeObject !== 'object' || scopeObject === null) return scope;
  const keys = Reflect.ownKeys(scopeObject);
  for (const key of keys) {
    if (typeof key !== 'string') continue;
    if (scope.variables.length >= graph.limits.properties) {
      scope.truncated = { limit: 'properties', omitted: keys.length - scope.variables.length };
      break;
    }
    const descriptor = Object.getOwnPropertyDescriptor(scopeObject, key);
    if (descriptor) scope.variables.push(graph.property(key, descriptor, 0));
  }
  return scope;
}

/** How many objects may be sent to the inspector for details only it can read. */
const MAX_INSPECTOR_WORK = 2_000;

/**
 * Promise state, Proxy target and handler, and function locations are internal to V8: read them
 * through the inspector in one batch, then write what they hold into the graph.
 */
function resolveInspectorWork(session: SyncSession, graph: ValueGraph, scriptUrls: Map<string, string>, problems: string[]): void {
  for (let round = 0; round < 3 && graph.inspectorWork.length > 0; round++) {
    const work = graph.inspectorWork.splice(0, graph.inspectorWork.length).slice(0, MAX_INSPECTOR_WORK);
    try {
      const remotes = valuesToRemote(session, work.map((item) => item.target), OBJECT_GROUP);
      const followUps: Array<{ apply: (value: Value) => void; remote: RemoteObject }> = [];
      work.forEach((item, index) => {
        const remote = remotes[index];
        if (!remote?.objectId) return;
        const { internalProperties = [] } = session.post<{ internalProperties?: Array<{ name: string; value?: RemoteObject }> }>(
          'Runtime.getProperties',
          { objectId: remote.objectId, ownProperties: true },
        );
        const internal = new Map(internalProperties.map((property) => [property.name, property.value]));
        const node = graph.objects[item.id];
        if (!node) return;
        if (item.kind === 'function' && node.kind === 'function') {
          const location = internal.get('[[FunctionLocation]]')?.value as { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
          const url = location && scriptUrls.get(location.scriptId);
          if (location && url) node.location = { url, file: fileOf(url), line: location.lineNumber + 1, column: location.columnNumber + 1 };
        } else if (item.kind === 'promise' && node.kind === 'promise') {
          const state = internal.get('[[PromiseState]]')?.value;
          if (state === 'fulfilled' || state === 'rejected' || state === 'pending') node.state = state;
          const result = internal.get('[[PromiseResult]]');
          if (result && node.state !== 'pending') followUps.push({ remote: result, apply: (value) => (node.result = value) });
        } else if (item.kind === 'proxy' && node.kind === 'proxy') {
          const target = internal.get('[[Target]]');
          const handler = internal.get('[[Handler]]');
          if (target) followUps.push({ remote: target, apply: (value) => (node.target = value) });
          if (handler) followUps.push({ remote: handler, apply: (value) => (node.handler = value) });
        }
      });
      if (followUps.length > 0) {
        const values = remoteToValues(session, followUps.map((followUp) => followUp.remote));
        // These hang one level below their owner; depth 1 keeps them shallow but visible.
        followUps.forEach((followUp, index) => followUp.apply(graph.value(values[index], 1)));
        graph.drain();
      }
    } catch (error) {
      problems.push(`details of functions, promises or proxies could not be read: ${(error as Error).message}`);
    } finally {
      try {
        session.post('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP });
      } catch {
        // Nothing to release, or the session is gone: either way nothing leaks.
      }
    }
  }
}
