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
 * Turns inspector handles into the JavaScript values they stand for, in one call: a function run
 * on the first handle's object hands them all to `receive`, passed in by its own handle. The
 * function runs in the realm of that object, which may be a vm context (a jest test file's)
 * whose global is not this one: the receiver comes as an argument, not through a global.
 */
export function remoteToValues(session: SyncSession, remotes: RemoteObject[]): unknown[] {
  const target = remotes.find((remote) => remote.objectId)?.objectId;
  if (!target) return remotes.map(primitiveOf);
  try {
    return handOver(session, target, remotes);
  } catch {
    // The receiver's handle went (a session that was reset): once more, with a new one.
    receivers.delete(session);
    return handOver(session, target, remotes);
  }
}

function handOver(session: SyncSession, target: string, remotes: RemoteObject[]): unknown[] {
  received = [];
  try {
    session.post('Runtime.callFunctionOn', {
      objectId: target,
      // Rest parameters build their array without an iterator; the call is direct.
      functionDeclaration: 'function (receive, ...values) { receive(values); }',
      arguments: [
        { objectId: receiverOf(session) },
        ...remotes.map((remote) =>
          remote.objectId
            ? { objectId: remote.objectId }
            : remote.unserializableValue
              ? { unserializableValue: remote.unserializableValue }
              : { value: remote.value },
        ),
      ],
      silent: true,
    });
    return received;
  } finally {
    received = [];
  }
}

let received: unknown[] = [];
const receive = (values: unknown[]) => {
  received = values;
};
/** The handle of `receive` in each session, made once: it lives as long as the session. */
const receivers = new WeakMap<SyncSession, string>();

function receiverOf(session: SyncSession): string {
  let id = receivers.get(session);
  if (id === undefined) {
    id = valuesToRemote(session, [receive], 'wipeout-receiver')[0]?.objectId;
    if (id === undefined) throw new Error('the inspector gave no handle for the receiver');
    receivers.set(session, id);
  }
  return id;
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
