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
 * program's realm. A string key drawn at load (see stash-key.ts): the code that reads it names it
 * literally, so it calls nothing the program can patch (it used `Symbol.for`, which a program can
 * replace, and did at every throw, caught ones included).
 */
const STASH_KEY = stashKey();
const STASH_SOURCE = JSON.stringify(STASH_KEY);
// Taken at load, as intrinsics.ts takes the capture's: a program may replace them later.
const { defineProperty, deleteProperty } = { defineProperty: Object.defineProperty, deleteProperty: Reflect.deleteProperty };
type Stash = Record<string, unknown>;

/**
 * Globals of other realms (node:vm contexts, such as the one jest runs each test file in) whose
 * values the hook may read: an integration that runs there hands its `globalThis` over. Weakly
 * held, so that a realm the runner is done with goes; pruned at each addition. A plain array read
 * by index, with `deref` taken at load: the capture reads it, and calls nothing a program patched.
 */
const realms: Array<WeakRef<object>> = [];
const deref = (ref: WeakRef<object>): object | undefined => derefOf.call(ref);
const derefOf = WeakRef.prototype.deref;

/**
 * Lets the bridge read values made in another realm. V8's inspector takes a call's arguments only
 * from the realm the call runs in, and code running there reaches the hook's receiver only through
 * that realm's global: the receiver is put there for the duration of the call.
 */
export function addRealm(global: object): void {
  if (global === globalThis || isRealmGlobal(global)) return;
  const live = realms.filter((realm) => deref(realm) !== undefined);
  live.push(new WeakRef(global));
  realms.splice(0, realms.length, ...live);
}

/** Whether `value` is the global of a realm given to addRealm. */
export function isRealmGlobal(value: unknown): boolean {
  if (realms.length === 0 || typeof value !== 'object' || value === null) return false;
  for (let index = 0; index < realms.length; index++) if (deref(realms[index]!) === value) return true;
  return false;
}

/** Stands, in remoteToValues' answer, for a value of a realm the hook was not given (see addRealm). */
export const UNREACHED: unique symbol = Symbol('unreached');

/**
 * Turns inspector handles into the JavaScript values they stand for, in one call per realm (one,
 * unless the pause spans node:vm contexts). The values pass through a global that exists only for
 * the duration of the synchronous call. Values of a realm the hook cannot reach are UNREACHED.
 */
export function remoteToValues(session: SyncSession, remotes: RemoteObject[]): unknown[] {
  // A program no integration gave a realm pays nothing for them.
  if (realms.length === 0) return handOver(session, remotes);
  const realmOf = (remote: RemoteObject) => (remote.objectId === undefined ? undefined : realmPrefix(remote.objectId));
  const first = remotes.find((remote) => remote.objectId);
  if (!first) return remotes.map(primitiveOf);
  const firstRealm = realmOf(first);
  if (remotes.every((remote) => remote.objectId === undefined || realmOf(remote) === firstRealm)) return handOver(session, remotes);
  // Handles of several realms (two or three): one call for each realm's, primitives read here.
  const values = remotes.map((remote) => (remote.objectId ? UNREACHED : primitiveOf(remote)));
  const keys: Array<string | undefined> = [];
  const groups: number[][] = [];
  remotes.forEach((remote, index) => {
    if (!remote.objectId) return;
    const key = realmOf(remote);
    if (!keys.includes(key)) groups[keys.push(key) - 1] = [];
    groups[keys.indexOf(key)]!.push(index);
  });
  for (const indices of groups) {
    const received = handOver(session, indices.map((index) => remotes[index]!));
    indices.forEach((index, position) => (values[index] = received[position]));
  }
  return values;
}

/**
 * The realm part of an inspector handle, `<isolate>.<context>.<id>` in the V8 of Node 20 to 26; a
 * handle of another shape counts as its own realm, which costs a call and reads what it can.
 */
function realmPrefix(objectId: string): string {
  const end = objectId.lastIndexOf('.');
  return end < 0 ? objectId : objectId.slice(0, end);
}

/** One `Runtime.callFunctionOn` in the realm of `remotes`' handles, all of one realm. */
function handOver(session: SyncSession, remotes: RemoteObject[]): unknown[] {
  const target = remotes.find((remote) => remote.objectId)?.objectId;
  if (!target) return remotes.map(primitiveOf);
  let received: unknown[] | undefined;
  const receive = (values: unknown[]) => {
    received = values;
  };
  const globals = realmGlobals();
  for (let index = 0; index < globals.length; index++) defineStash(globals[index]!, receive);
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
    for (let index = 0; index < globals.length; index++) deleteStash(globals[index]!);
  }
  // The call ran in a realm none of whose globals had the receiver.
  return received ?? remotes.map((remote) => (remote.objectId ? UNREACHED : primitiveOf(remote)));
}

/** The hook's global and those of the live realms it was given. */
function realmGlobals(): Stash[] {
  const globals = [globalThis as unknown as Stash];
  for (let index = 0; index < realms.length; index++) {
    const global = deref(realms[index]!) as Stash | undefined;
    if (global !== undefined) globals[globals.length] = global;
  }
  return globals;
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
  defineProperty(global, STASH_KEY, { value, writable: true, configurable: true, enumerable: false });
}

function deleteStash(global: Stash): void {
  deleteProperty(global, STASH_KEY);
}
