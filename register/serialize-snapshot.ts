import type { Frame, ObjectNode, Property, Scope, Source, Value } from '../dump/types.js';
import { readBuiltInState } from './built-in-state.js';
import { SourceCollector } from './capture-sources.js';
import { fileOf, isLoaderToolFrame } from './frame-kind.js';
import { intrinsics as I } from './intrinsics.js';
import { remoteToValues, UNREACHED, valuesToRemote, type RemoteObject } from './inspector-bridge.js';
import type { SyncSession } from './inspector-session.js';
import type { SnapshotFrame, ThrowSnapshot } from './throw-snapshot.js';
import { ValueGraph } from './value-graph.js';

/** The dump's share of a crash: the value graph of the error and of every frame. */
export interface SerializedCrash {
  error: Value;
  frames: Frame[];
  causeSites: Array<{ depth: number; frames: Frame[] }>;
  objects: ObjectNode[];
  sources: Source[];
  problems: string[];
}

/**
 * Writes the escaping value and its throw site (when one was held) into one value graph, so that
 * identity holds across frames, the error and the throw sites of its causes. Frames are written
 * before anything deeper, which puts the values nearest to the crash first when a limit cuts.
 */
export function serializeCrash(
  session: SyncSession,
  graph: ValueGraph,
  thrown: unknown,
  snapshot: ThrowSnapshot | undefined,
  causes: Array<{ depth: number; snapshot: ThrowSnapshot }>,
  scriptUrls: Map<string, string>,
  more: SerializeOptions = {},
): SerializedCrash {
  const sources = new SourceCollector(session, graph.redactor);
  const problems: string[] = [...(snapshot?.problems ?? [])];
  const error = graph.value(thrown, 0);
  const write = (frame: SnapshotFrame) => serializeFrame(graph, sources, frame, more.loaderToolScopes === true);
  const frames = snapshot ? snapshot.frames.map(write) : [];
  if (snapshot?.omittedFrames) problems.push(`${snapshot.omittedFrames} more frames were not captured`);
  const causeSites = causes.map(({ depth, snapshot: cause }) => ({ depth, frames: cause.frames.map(write) }));
  if (more.stackFrames?.length) {
    const scriptIds = new Map<string, string>();
    for (const [id, url] of scriptUrls) scriptIds.set(url, id);
    for (const frame of more.stackFrames) sources.locate(frame, scriptIds.get(frame.url));
  }
  graph.drain();
  resolveInspectorWork(session, graph, scriptUrls, problems);
  if (graph.builtIns.length > 0) {
    readBuiltInState(graph, graph.builtIns, problems);
    resolveInspectorWork(session, graph, scriptUrls, problems);
  }
  return {
    error,
    frames,
    causeSites,
    objects: graph.objects,
    sources: sources.sources,
    problems: [...problems, ...graph.problems, ...sources.problems],
  };
}

/** What serializeCrash() may be asked besides the paused frames. */
export interface SerializeOptions {
  /** Frames parsed from the stack string, to be given their scripts and original positions. */
  stackFrames?: Frame[];
  /** Keep the scopes of loader tools' frames (tsx, ts-node, …); by default they have none. */
  loaderToolScopes?: boolean;
}

function serializeFrame(graph: ValueGraph, sources: SourceCollector, snapshot: SnapshotFrame, loaderToolScopes: boolean): Frame {
  // The path is worked out here, for escaping throws only, not at every pause.
  const file = fileOf(snapshot.url);
  const frame: Frame = {
    functionName: snapshot.functionName,
    url: snapshot.url,
    file,
    line: snapshot.line,
    column: snapshot.column,
    kind: snapshot.kind,
    scopes: [],
  };
  if (!loaderToolScopes && isLoaderToolFrame(snapshot.url)) frame.loaderTool = true;
  else frame.scopes = snapshot.scopes.map(({ type, name, object }) => serializeScope(graph, { type, variables: [], ...(name ? { name } : {}) }, object));
  if (snapshot.className) frame.className = snapshot.className;
  if (snapshot.hasThis && !frame.loaderTool) frame.this = graph.value(snapshot.this, 0);
  // A loader tool's own script (tsx's is 40 kB minified) is not the program: its text is left out too.
  if (snapshot.kind !== 'node' && snapshot.scriptId && !frame.loaderTool) {
    frame.source = sources.generated(snapshot.scriptId, snapshot.url, file);
    const params = snapshot.functionStart && sources.parameterNames(frame.source, snapshot.functionStart);
    if (params) frame.params = params;
    const original = sources.original(file, frame.line, frame.column);
    if (original) frame.original = original;
  }
  return frame;
}

function serializeScope(graph: ValueGraph, scope: Scope, scopeObject: unknown): Scope {
  if (typeof scopeObject !== 'object' || scopeObject === null) return scope;
  // Captured intrinsics: a program may have patched Reflect or Object.
  const keys = I.ownKeys(scopeObject);
  for (const key of keys) {
    if (typeof key !== 'string') continue;
    if (scope.variables.length >= graph.limits.properties) {
      scope.truncated = { limit: 'properties', omitted: keys.length - scope.variables.length };
      break;
    }
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = I.getOwnPropertyDescriptor(scopeObject, key);
    } catch {
      // Newer V8 refuses to read a binding still in its temporal dead zone.
      scope.variables.push({ name: key, value: { t: 'uninitialized' } });
      continue;
    }
    if (descriptor) scope.variables.push(graph.property(key, descriptor, 0));
  }
  return scope;
}

/**
 * `#private` fields and accessors of an object, as properties marked `private: true` after its own
 * ones (their values are written with the other follow-ups; private accessors are never called).
 */
function readPrivate(
  node: ObjectNode,
  found: Array<{ name: string; value?: RemoteObject; get?: RemoteObject; set?: RemoteObject }>,
  max: number,
  followUps: Array<{ apply: (value: Value) => void; remote: RemoteObject }>,
): void {
  for (const entry of found.slice(0, max)) {
    if (typeof entry.name !== 'string') continue;
    const property: Property = { name: entry.name, private: true, enumerable: false };
    node.props.push(property);
    if (entry.value) followUps.push({ remote: entry.value, apply: (value) => (property.value = value) });
    else {
      if (entry.get && entry.get.type === 'function') followUps.push({ remote: entry.get, apply: (value) => (property.get = value) });
      if (entry.set && entry.set.type === 'function') followUps.push({ remote: entry.set, apply: (value) => (property.set = value) });
      if (!entry.get && !entry.set) property.value = { t: 'undefined' };
    }
  }
  if (found.length > max) node.truncated = { limit: 'properties', omitted: (node.truncated?.omitted ?? 0) + found.length - max };
}

/**
 * Moves to the inspector's work the methods of prototypes whose class was found to be the
 * program's (its constructor is defined outside `node:` scripts). Methods of Node's own classes
 * (IncomingMessage, Headers, streams) keep their name but lose their source text: hundreds of them
 * come with one request object, and nobody debugs them from a dump.
 */
function takeMemberWork(graph: ValueGraph): void {
  const waiting = graph.memberWork.splice(0, graph.memberWork.length);
  for (const item of waiting) {
    const ownerId = graph.idOf(item.owner);
    const owner = ownerId === undefined ? undefined : graph.objects[ownerId];
    if (owner?.kind !== 'function') {
      // The class itself was not captured (a limit): its methods are read like any function.
      graph.inspectorWork.push(item);
    } else if (owner.location === undefined && graph.inspectorWork.some((work) => work.id === ownerId)) {
      graph.memberWork.push(item); // the class's location is read in this round: decide in the next
    } else if (owner.location?.url.startsWith('node:')) {
      const node = graph.objects[item.id];
      if (node?.kind === 'function') delete node.sourceText;
    } else {
      graph.inspectorWork.push(item);
    }
  }
}

/** How many objects may be sent to the inspector for details only it can read. */
const MAX_INSPECTOR_WORK = 2_000;
const OBJECT_GROUP = 'wipeout-capture';

/**
 * Promise state, Proxy target and handler, and function locations are internal to V8: read them
 * through the inspector in one batch, then write what they hold into the graph.
 */
function resolveInspectorWork(session: SyncSession, graph: ValueGraph, scriptUrls: Map<string, string>, problems: string[]): void {
  for (let round = 0; round < 3 && (graph.inspectorWork.length > 0 || graph.memberWork.length > 0); round++) {
    takeMemberWork(graph);
    const queued = graph.inspectorWork.splice(0, graph.inspectorWork.length);
    const work = queued.slice(0, MAX_INSPECTOR_WORK);
    if (queued.length > work.length) problems.push(unread(queued.length - work.length));
    try {
      const remotes = valuesToRemote(session, work.map((item) => item.target), OBJECT_GROUP);
      const followUps: Array<{ apply: (value: Value) => void; remote: RemoteObject }> = [];
      work.forEach((item, index) => {
        const remote = remotes[index];
        const node = graph.objects[item.id];
        if (!remote?.objectId || !node) return;
        const { internalProperties = [], privateProperties = [] } = session.post<{
          internalProperties?: Array<{ name: string; value?: RemoteObject }>;
          privateProperties?: Array<{ name: string; value?: RemoteObject; get?: RemoteObject; set?: RemoteObject }>;
        }>('Runtime.getProperties', { objectId: remote.objectId, ownProperties: true });
        if (item.kind === 'private') {
          readPrivate(node, privateProperties, graph.limits.properties, followUps);
          return;
        }
        const internal = new Map(internalProperties.map((property) => [property.name, property.value]));
        if (node.kind === 'function') {
          const location = internal.get('[[FunctionLocation]]')?.value as { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
          const url = location && scriptUrls.get(location.scriptId);
          if (location && url) node.location = { url, file: fileOf(url), line: location.lineNumber + 1, column: location.columnNumber + 1 };
          // Node's own functions are named by their location; their text is Node's, not the program's
          // (a Request or URL class alone is 16 kB of it).
          if (url?.startsWith('node:')) {
            delete node.sourceText;
            delete node.sourceTruncated;
          }
        } else if (node.kind === 'promise') {
          const state = internal.get('[[PromiseState]]')?.value;
          if (state === 'fulfilled' || state === 'rejected' || state === 'pending') node.state = state;
          const result = internal.get('[[PromiseResult]]');
          if (result && (node.state === 'fulfilled' || node.state === 'rejected')) followUps.push({ remote: result, apply: (value) => (node.result = value) });
        } else if (node.kind === 'proxy') {
          const target = internal.get('[[Target]]');
          const handler = internal.get('[[Handler]]');
          if (target) followUps.push({ remote: target, apply: (value) => (node.target = value) });
          if (handler) followUps.push({ remote: handler, apply: (value) => (node.handler = value) });
        }
      });
      if (followUps.length > 0) {
        const values = remoteToValues(session, followUps.map((followUp) => followUp.remote));
        // These hang one level below their owner; depth 1 keeps them shallow but visible.
        followUps.forEach((followUp, index) => {
          // Handles of the hook's own evaluation, so always reached; an unreached one stays unread.
          if (values[index] !== UNREACHED) followUp.apply(graph.value(values[index], 1));
        });
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
  // Methods of classes still undecided after the last round: Node's classes lose their text as above.
  takeMemberWork(graph);
  // Found while writing what the third round read: no round is left to read them.
  if (graph.inspectorWork.length > 0) problems.push(unread(graph.inspectorWork.splice(0, graph.inspectorWork.length).length));
}

const unread = (count: number) =>
  `${count} functions, promises or proxies were left unread by the inspector (it reads ${MAX_INSPECTOR_WORK} a round, in 3 rounds): they have no location, promise state or proxy target`;
