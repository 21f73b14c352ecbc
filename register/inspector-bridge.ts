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

import { stashKey } from './stash-key.js';

/**
 * The global through which values cross between the hook and the code the inspector runs in the
 * program's realm. A string key drawn at load: the code that reads it names it literally, so it
 * calls nothing the program can patch (it used `Symbol.for`, which a program can replace, and did
 * at every throw, caught ones included).
 */
const STASH = stashKey();
// Taken at load, as intrinsics.ts takes the capture's: a program may replace them later.
const { defineProperty, deleteProperty } = { defineProperty: Object.defineProperty, deleteProperty: Reflect.deleteProperty };
const STASH_SOURCE = JSON.stringify(STASH);
type Stash = Record<string, unknown>;

/**
 * Turns inspector handles into the JavaScript values they stand for, in one call. The values pass
 * through a symbol-keyed global that exists only for the duration of this synchronous call.
 */
export function remoteToValues(session: SyncSession, remotes: RemoteObject[]): unknown[] {
  const target = remotes.find((remote) => remote.objectId)?.objectId;
  if (!target) return remotes.map(primitiveOf);
  let received: unknown[] = [];
  const global = globalThis as unknown as Stash;
  defineStash(global, (values: unknown[]) => {
    received = values;
  });
  try {
    session.post('Runtime.callFunctionOn', {
      objectId: target,
      // Rest parameters build their array without an iterator; the call is direct.
      functionDeclaration: `function (...values) { globalThis[${STASH_SOURCE}](values); }`,
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
    deleteStash(global);
  }
  return received;
}

/** Turns JavaScript values into inspector handles (for internal properties only V8 can read). */
export function valuesToRemote(session: SyncSession, values: unknown[], objectGroup: string): RemoteObject[] {
  const global = globalThis as unknown as Stash;
  defineStash(global, values);
  let array: RemoteObject;
  try {
    array = session.post<{ result: RemoteObject }>('Runtime.evaluate', {
      expression: `globalThis[${STASH_SOURCE}]`,
      objectGroup,
      silent: true,
    }).result;
  } finally {
    deleteStash(global);
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

/** An own data property, so that reading it runs no accessor and no prototype's. */
function defineStash(global: Stash, value: unknown): void {
  defineProperty(global, STASH, { value, writable: true, configurable: true, enumerable: false });
}

function deleteStash(global: Stash): void {
  deleteProperty(global, STASH);
}
