import type { ChangedAfterThrow } from '../dump/types.js';
import { intrinsics as I } from './intrinsics.js';
import type { Redactor } from './redact.js';
import { classNameOf } from './safe-read.js';
import type { SnapshotFrame } from './throw-snapshot.js';

/**
 * Where V8 does not predict at the pause that a throw escapes, the crash's objects are read only
 * when it does escape, after any `finally` block or handler on the way has run. Reading them all at
 * every handled throw would cost every program that throws on purpose; instead the pause keeps a
 * shallow copy of the objects the top frames point to, and the capture at the escape compares: what
 * changed in between is named in the dump (`capture.changedAfterThrow`), with its value at the throw.
 */
export interface StateAtThrow {
  holders: Holder[];
}

interface Holder {
  path: string;
  target: object;
  /** `own`: own data properties (for an array, `length` and its first items); `size`: a Map's or Set's size. */
  kind: 'own' | 'size';
  entries: Array<[PropertyKey, unknown]>;
  /** Own keys at the throw, for an object that is not an array: a key added later is a change too. */
  keyCount?: number;
}

/** Frames with scopes looked at from the top, objects kept, own properties kept per object. */
const FRAMES = 2;
const HOLDERS = 8;
const ENTRIES = 16;
/** Changes named in a dump; more are counted. */
export const MAX_CHANGES = 20;
/** Taken when the hook loads, before the program could patch it. */
const quote = JSON.stringify;
const OWN_SCOPES = new Set(['local', 'block', 'catch']);
const CLOSURE_SCOPES = new Set(['closure', 'module']);
/** A CommonJS module's wrapper arguments: Node's, never what a crash turns on. */
const MODULE_WRAPPER = new Set(['require', 'module', 'exports', '__filename', '__dirname']);

/**
 * The shallow state at the throw of the objects the top frames' variables and `this` point to:
 * own data properties only, read by descriptor (no getter, no Proxy trap: no program code runs).
 */
export function recordStateAtThrow(frames: SnapshotFrame[]): StateAtThrow {
  const holders: StateAtThrow['holders'] = [];
  const seen = new Set<object>();
  const watch = (path: string, value: unknown) => {
    if (holders.length >= HOLDERS || typeof value !== 'object' || value === null || seen.has(value) || I.types.isProxy(value)) return;
    seen.add(value);
    const holder = readHolder(path, value);
    if (holder) holders.push(holder);
  };
  const topFrames = frames.filter((candidate) => candidate.scopes.length > 0).slice(0, FRAMES);
  // The frames' own variables and `this` first; closures (a module's top-level bindings) after.
  for (const pass of [OWN_SCOPES, CLOSURE_SCOPES]) {
    for (const frame of topFrames) {
      if (pass === OWN_SCOPES && frame.hasThis) watch('this', frame.this);
      for (const scope of frame.scopes) {
        if (!pass.has(scope.type) || typeof scope.object !== 'object' || scope.object === null) continue;
        // Scope objects are V8's own plain copies of the bindings: reading them runs nothing.
        for (const name of I.ownKeys(scope.object)) {
          if (typeof name !== 'string' || (pass === CLOSURE_SCOPES && MODULE_WRAPPER.has(name))) continue;
          const descriptor = I.getOwnPropertyDescriptor(scope.object, name);
          if (descriptor && 'value' in descriptor) watch(name, descriptor.value);
        }
      }
    }
  }
  return { holders };
}

function readHolder(path: string, target: object): Holder | undefined {
  const { types } = I;
  if (types.isMap(target)) return { path, target, kind: 'size', entries: [['size', I.mapSize.call(target)]] };
  if (types.isSet(target)) return { path, target, kind: 'size', entries: [['size', I.setSize.call(target)]] };
  // Typed arrays, buffers and other built-ins keep their state inside: not compared.
  if (types.isArrayBufferView(target) || types.isAnyArrayBuffer(target) || types.isPromise(target) || types.isWeakMap(target) || types.isWeakSet(target)) return undefined;
  const entries: Array<[PropertyKey, unknown]> = [];
  const keep = (key: PropertyKey) => {
    const descriptor = I.getOwnPropertyDescriptor(target, key);
    if (descriptor && 'value' in descriptor) entries.push([key, descriptor.value]);
  };
  if (I.isArray(target)) {
    // Never the keys of a long array: its length and first items.
    keep('length');
    const length = entries[0]?.[1] as number;
    for (let index = 0; index < Math.min(length, ENTRIES); index++) keep(String(index));
    return { path, target, kind: 'own', entries };
  }
  const keys = I.ownKeys(target);
  for (const key of keys) {
    if (entries.length >= ENTRIES) break;
    keep(key);
  }
  return { path, target, kind: 'own', entries, keyCount: keys.length };
}

/** What the program changed in those objects between the throw and now, the escape. */
export function changedAfterThrow(state: StateAtThrow, redactor: Redactor): { changes: ChangedAfterThrow[]; more: number } {
  const changes: ChangedAfterThrow[] = [];
  let more = 0;
  const note = (change: ChangedAfterThrow) => (changes.length < MAX_CHANGES ? changes.push(change) : more++);
  for (const { path, target, kind, entries, keyCount } of state.holders) {
    if (kind === 'size') {
      const size = I.types.isMap(target) ? I.mapSize.call(target as Map<unknown, unknown>) : I.setSize.call(target as Set<unknown>);
      if (size !== entries[0]![1]) note({ path: `${path}.size`, atThrow: String(entries[0]![1]) });
      continue;
    }
    for (const [key, before] of entries) {
      const descriptor = I.getOwnPropertyDescriptor(target, key);
      const keyPath = pathOf(path, key);
      if (!descriptor) note({ path: keyPath, atThrow: shown(before, key, redactor), now: 'deleted' });
      else if (!('value' in descriptor)) note({ path: keyPath, atThrow: shown(before, key, redactor), now: 'an accessor' });
      else if (!Object.is(descriptor.value, before)) note({ path: keyPath, atThrow: shown(before, key, redactor) });
    }
    if (keyCount !== undefined) {
      const keysNow = I.ownKeys(target).length;
      if (keysNow !== keyCount) note({ path, atThrow: `${keyCount} own properties`, now: `${keysNow} own properties` });
    }
  }
  return { changes, more };
}

function pathOf(holder: string, key: PropertyKey): string {
  if (typeof key === 'symbol') return `${holder}[${String(key)}]`;
  const name = String(key);
  return isIdentifier(name) ? `${holder}.${name}` : isIndex(name) ? `${holder}[${name}]` : `${holder}[${quote(name)}]`;
}

// By character codes, not regular expressions: RegExp.prototype.exec is the program's to patch.
const isDigit = (code: number) => code >= 48 && code <= 57;
const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;

function isIdentifier(name: string): boolean {
  if (name.length === 0 || !isWordStart(name.charCodeAt(0))) return false;
  for (let index = 1; index < name.length; index++) if (!isWordStart(name.charCodeAt(index)) && !isDigit(name.charCodeAt(index))) return false;
  return true;
}

function isIndex(name: string): boolean {
  if (name.length === 0) return false;
  for (let index = 0; index < name.length; index++) if (!isDigit(name.charCodeAt(index))) return false;
  return true;
}

/** A value at the throw in one short line, through the same redaction as the dump's values. */
function shown(value: unknown, key: PropertyKey, redactor: Redactor): string {
  if (typeof key === 'string' && redactor.nameReason(key) !== undefined && value !== undefined && value !== null && typeof value !== 'boolean' && typeof value !== 'number') return '[redacted]';
  switch (typeof value) {
    case 'string': {
      if (redactor.shapeReason(value) !== undefined) return '[redacted]';
      const text = redactor.scrub(value);
      return quote(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    }
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      return value === null ? 'null' : `another ${classNameOf(value)} object`;
    default:
      return String(value);
  }
}
