import type { DumpModel, FrameView, ScopeView, VariableView } from '../loader/index.js';
import { noteView, remote } from './get-properties.js';
import type { ObjectIds } from './object-ids.js';
import type { RemoteObject } from './remote-object.js';
import type { Scripts } from './scripts.js';

interface Location {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

/** CDP scope types; the model's synthetic `this` scope is shown as the local one. */
const SCOPE_TYPES = new Set(['global', 'local', 'with', 'closure', 'catch', 'block', 'script', 'eval', 'module']);

/** CDP counts lines and columns from 0; the model from 1. */
function location(scripts: Scripts, frame: FrameView): Location {
  return {
    scriptId: scripts.scriptIdOf(frame.generated) ?? '0',
    lineNumber: Math.max(0, frame.generated.line - 1),
    columnNumber: Math.max(0, frame.generated.column - 1),
  };
}

/**
 * `Debugger.paused` at the crash: the frames that ran (with their scopes and `this`) as
 * `callFrames`, the `at async …` frames as `asyncStackTrace`, the thrown value as `data`.
 * `callFrameId` is the model's frame index, which `evaluateOnCallFrame` reads back. A cause's
 * thread (see ThreadView) pauses where that cause was thrown, with the cause as `data`.
 */
export function pausedEvent(model: DumpModel, ids: ObjectIds, scripts: Scripts, reason: 'exception' | 'other' = 'exception', threadId = 1): Record<string, unknown> {
  const frames = model.framesOf(threadId);
  const sync = frames.filter((frame) => !frame.async);
  const awaiting = frames.filter((frame) => frame.async);
  const event: Record<string, unknown> = {
    callFrames: sync.map((frame) => callFrame(model, ids, scripts, frame)),
    reason,
    data: threadId === 1 ? exceptionObject(model, ids) : causeObject(model, ids, threadId),
    hitBreakpoints: [],
  };
  if (awaiting.length > 0) {
    event.asyncStackTrace = {
      description: 'await',
      callFrames: awaiting.map((frame) => ({
        functionName: frame.functionName,
        url: frame.generated.url || frame.generated.file,
        ...location(scripts, frame),
      })),
    };
  }
  return event;
}

/** The thrown value, described with its stack as V8 describes an error. */
export function exceptionObject(model: DumpModel, ids: ObjectIds): RemoteObject {
  const object = remote(model, ids, model.exception.value, true);
  if (object.subtype === 'error' && model.exception.stack) object.description = model.exception.stack;
  return object;
}

/** The cause thrown where a cause's thread pauses, described as V8 describes an error. */
function causeObject(model: DumpModel, ids: ObjectIds, threadId: number): RemoteObject {
  const cause = model.exception.causes.find((candidate) => candidate.threadId === threadId);
  if (!cause?.value) return { type: 'object', className: 'wipeout.NotCaptured', description: cause ? `${cause.name}: ${cause.message}` : 'not captured' };
  const object = remote(model, ids, cause.value, true);
  if (object.subtype === 'error' && cause.stack) object.description = cause.stack;
  return object;
}

function callFrame(model: DumpModel, ids: ObjectIds, scripts: Scripts, frame: FrameView): Record<string, unknown> {
  const scopes = model.scopes(frame.index);
  const innermost = scopes[0] ? model.children(scopes[0].handle, { filter: 'named', count: 1 })[0] : undefined;
  const thisChild = innermost?.name === 'this' ? innermost : undefined;
  return {
    callFrameId: String(frame.index),
    functionName: frame.functionName,
    location: location(scripts, frame),
    url: frame.generated.url || frame.generated.file,
    scopeChain: scopeChain(model, ids, frame, scopes, thisChild !== undefined),
    this: thisChild ? remote(model, ids, thisChild.value) : { type: 'undefined' },
    canBeRestarted: false,
  };
}

function scopeChain(model: DumpModel, ids: ObjectIds, frame: FrameView, scopes: ScopeView[], hideThis: boolean): Record<string, unknown>[] {
  if (scopes.length === 0) {
    // A frame shown without scopes would read as a function without variables: say why instead.
    const why = frame.loaderTool
      ? 'not captured: a loader tool\'s frame (WIPEOUT_LOADER_SCOPES=1 keeps them)'
      : 'not captured: the dump has no variables for this frame (Node\'s own code, or past the frames limit)';
    const list: VariableView[] = [{ name: '…', value: noteView(why), presentation: 'marker' }];
    return [{ type: 'local', name: 'Local', object: scopeObject(ids.list(list), 'Local') }];
  }
  return scopes.map((scope, at) => {
    const objectId = at === 0 && hideThis ? ids.scopeWithoutThis(scope.handle) : ids.handle(scope.handle);
    const chain: Record<string, unknown> = {
      type: scope.type === 'this' ? 'local' : SCOPE_TYPES.has(scope.type) ? scope.type : 'local',
      object: scopeObject(objectId, scope.name),
    };
    // DevTools names closures by their function: the model's `Closure (outer)` carries it.
    const named = /\((.*)\)$/.exec(scope.name);
    if (named) chain.name = named[1];
    return chain;
  });
}

function scopeObject(objectId: string, description: string): RemoteObject {
  return { type: 'object', className: 'Object', description, objectId };
}
