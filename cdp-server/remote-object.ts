import type { DumpModel, ValueView } from '../loader/index.js';

/** A `Runtime.RemoteObject`, as far as a saved crash can fill it. */
export interface RemoteObject {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
  objectId?: string;
  preview?: ObjectPreview;
}

/** A `Runtime.ObjectPreview`: the first few properties, shown inline by DevTools. */
export interface ObjectPreview {
  type: string;
  subtype?: string;
  description?: string;
  overflow: boolean;
  properties: Array<{ name: string; type: string; subtype?: string; value?: string }>;
  entries?: Array<{ key?: ObjectPreview; value: ObjectPreview }>;
}

/** V8's subtypes for the dump's object kinds; DevTools picks its renderer by subtype. */
const SUBTYPES: Record<string, string> = {
  array: 'array', map: 'map', set: 'set', error: 'error', date: 'date', regexp: 'regexp', promise: 'promise', proxy: 'proxy',
};

/** The kinds whose description DevTools parses for a length (`Array(3)`, `Map(2)`): V8's form. */
const COUNTED = new Set(['array', 'map', 'set', 'bytes']);

const SPECIAL_NUMBERS = new Set(['NaN', 'Infinity', '-Infinity', '-0']);

/** The `objectId` of a model handle (values and scopes). */
export const handleId = (handle: number) => `v:${handle}`;

/**
 * The RemoteObject of a value view. Primitives carry their value; objects an id that
 * `Runtime.getProperties` expands; values the dump marks (redacted, cut, missing) are objects
 * without an id whose description says what was not captured.
 */
export function toRemoteObject(view: ValueView, model?: DumpModel): RemoteObject {
  switch (view.type) {
    case 'undefined':
      return view.text === 'undefined' ? { type: 'undefined' } : { type: 'undefined', description: view.text };
    case 'null':
      return { type: 'object', subtype: 'null', value: null };
    case 'boolean':
      return { type: 'boolean', value: view.primitive ?? view.text === 'true' };
    case 'number':
      if (SPECIAL_NUMBERS.has(view.text)) return { type: 'number', unserializableValue: view.text, description: view.text };
      return { type: 'number', value: view.primitive ?? Number(view.text), description: view.text };
    case 'bigint':
      return { type: 'bigint', unserializableValue: view.text, description: view.text };
    case 'string':
      // A string cut at capture has no whole value: its text says how long it was.
      return { type: 'string', value: typeof view.primitive === 'string' ? view.primitive : view.text };
    case 'symbol':
      return { type: 'symbol', description: view.text };
    case 'function':
      return withId({ type: 'function', className: 'Function', description: functionDescription(view, model) }, view);
    case 'object': {
      const subtype = view.kind === 'bytes' ? (view.className === 'ArrayBuffer' || view.className === 'SharedArrayBuffer' ? 'arraybuffer' : 'typedarray') : SUBTYPES[view.kind ?? ''];
      const object: RemoteObject = { type: 'object', className: view.className ?? 'Object', description: objectDescription(view) };
      if (subtype) object.subtype = subtype;
      return withId(object, view);
    }
    default:
      // redacted, cut, missing, note: shown as their text, with nothing to expand.
      return { type: 'object', className: 'wipeout.NotCaptured', description: view.text };
  }
}

function withId(object: RemoteObject, view: ValueView): RemoteObject {
  if (view.handle > 0) object.objectId = handleId(view.handle);
  return object;
}

function objectDescription(view: ValueView): string {
  const name = view.className ?? 'Object';
  if (view.kind && COUNTED.has(view.kind)) return `${name}(${view.indexedCount})`;
  return view.text;
}

/** V8 describes a function by its source; the dump has it when it was captured. */
function functionDescription(view: ValueView, model?: DumpModel): string {
  if (model && view.handle > 0) {
    const source = model.children(view.handle, { filter: 'named', count: 50 }).find((child) => child.name === '[[Source]]');
    if (source && typeof source.value.primitive === 'string') return source.value.primitive;
  }
  return view.text;
}
