import type { SyncSession } from './inspector-session.js';

/** The parts of a CDP RemoteObject the capture reads. */
export interface RemoteObject {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
  objectId?: string;
}

const STASH = Symbol.for('wipeout.stash');
type Stash = { [STASH]?: unknown };

/**
 * Turns inspector handles into the JavaScript values they stand for, in one call. The values pass
 * through a symbol-keyed global that exists only for the duration of this synchronous call.
 */
export function remoteToValues(session: SyncSession, remotes: RemoteObject[]): unknown[] {
  const target = remotes.find((remote) => remote.objectId)?.objectId;
  if (!target) return remotes.map(primitiveOf);
  let received: unknown[] = [];
  const global = globalThis as Stash;
  global[STASH] = (values: unknown[]) => {
    received = values;
  };
  try {
    session.post('Runtime.callFunctionOn', {
      objectId: target,
      functionDeclaration: `function (...values) { globalThis[Symbol.for('wipeout.stash')](values); }`,
      arguments: remotes.map((remote) =>
        remote.objectId
          ? { objectId: remote.objectId }
          : remote.unserializableValue
            ? { unserializableValue: remote.unserializableValue }
            : { value: remote.value },
      ),
      silent: true,
    });
  } finally {
    delete global[STASH];
  }
  return received;
}

/** Turns JavaScript values into inspector handles (for internal properties only V8 can read). */
export function valuesToRemote(session: SyncSession, values: unknown[], objectGroup: string): RemoteObject[] {
  const global = globalThis as Stash;
  global[STASH] = values;
  let array: RemoteObject;
  try {
    array = session.post<{ result: RemoteObject }>('Runtime.evaluate', {
      expression: `globalThis[Symbol.for('wipeout.stash')]`,
      objectGroup,
      silent: true,
    }).result;
  } finally {
    delete global[STASH];
  }
  const { result } = session.post<{ result: Array<{ name: string; value?: RemoteObject }> }>('Runtime.getProperties', {
    objectId: array.objectId,
    ownProperties: true,
  });
  const remotes: RemoteObject[] = [];
  for (const property of result) {
    const index = Number(property.name);
    if (Number.isInteger(index) && property.value) remotes[index] = property.value;
  }
  return remotes;
}

function primitiveOf(remote: RemoteObject): unknown {
  if (remote.type === 'undefined') return undefined;
  if (remote.unserializableValue) {
    const text = remote.unserializableValue;
    return text.endsWith('n') ? BigInt(text.slice(0, -1)) : Number(text);
  }
  return remote.value;
}
