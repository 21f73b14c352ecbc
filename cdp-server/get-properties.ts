import type { DumpModel, ValueView, VariableView } from '../loader/index.js';
import type { ObjectIds, ObjectTarget } from './object-ids.js';
import { toRemoteObject, type ObjectPreview, type RemoteObject } from './remote-object.js';

/** Items listed in one answer; past it a note says how to see the rest (DevTools asks in ranges). */
export const MAX_ITEMS = 1000;

export interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
  get?: RemoteObject;
  set?: RemoteObject;
  writable?: boolean;
  configurable: boolean;
  enumerable: boolean;
  isOwn: boolean;
}

export interface PropertiesResult {
  result: PropertyDescriptor[];
  internalProperties?: Array<{ name: string; value: RemoteObject }>;
  privateProperties?: Array<{ name: string; value: RemoteObject }>;
}

/** Options of `Runtime.getProperties` this server honours. */
export interface PropertiesOptions {
  accessorPropertiesOnly?: boolean;
  nonIndexedPropertiesOnly?: boolean;
  generatePreview?: boolean;
}

/**
 * `Runtime.getProperties` over the model: properties as own data properties, accessors with
 * their getter and setter (never run), `[[Slots]]` as internal properties, `#private` members as
 * private properties, a Map's or Set's items under `[[Entries]]`, array items up to MAX_ITEMS.
 */
export function getProperties(model: DumpModel, ids: ObjectIds, target: ObjectTarget, options: PropertiesOptions = {}): PropertiesResult {
  const out: PropertiesResult = { result: [] };
  const add = (children: VariableView[]) => addChildren(model, ids, out, children, options);
  switch (target.type) {
    case 'list':
      add(target.list);
      break;
    case 'scope-without-this':
      add(model.children(target.handle, { filter: 'named' }).filter((child, at) => !(at === 0 && child.name === 'this')));
      break;
    case 'named':
      add(model.children(target.handle, { filter: 'named' }));
      break;
    case 'range':
      add(model.children(target.handle, { filter: 'indexed', start: target.start, count: Math.min(MAX_ITEMS, target.end - target.start) }));
      break;
    case 'entries':
      add(entries(model, target.handle));
      break;
    case 'handle': {
      const named = model.children(target.handle, { filter: 'named' });
      add(named);
      const view = ids.viewOf(target.handle);
      if (view && (view.kind === 'map' || view.kind === 'set')) {
        (out.internalProperties ??= []).push({ name: '[[Entries]]', value: { type: 'object', subtype: 'array', className: 'Array', description: `Array(${view.indexedCount})`, objectId: ids.entries(target.handle) } });
      } else if (!options.nonIndexedPropertiesOnly) {
        const items = model.children(target.handle, { filter: 'indexed', count: MAX_ITEMS });
        add(items);
        const total = view?.indexedCount ?? items.length;
        if (total > items.length) add([{ name: '…', value: noteView(`…${total - items.length} more items: expand them in ranges, or evaluate .slice(${items.length})`), presentation: 'marker' }]);
      }
      break;
    }
  }
  return out;
}

/** A Map's entries (each with `key` and `value`) or a Set's values, as `[[Entries]]` lists them. */
function entries(model: DumpModel, handle: number): VariableView[] {
  return model.children(handle, { filter: 'indexed', count: MAX_ITEMS });
}

function addChildren(model: DumpModel, ids: ObjectIds, out: PropertiesResult, children: VariableView[], options: PropertiesOptions): void {
  for (const child of children) {
    const value = () => remote(model, ids, child.value, options.generatePreview);
    if (child.presentation === 'accessor') {
      const [get, set] = ['get', 'set'].map((which) => model.children(child.value.handle, { filter: 'named' }).find((part) => part.name === which));
      out.result.push({
        name: child.name,
        get: get ? remote(model, ids, get.value) : { type: 'undefined' },
        set: set ? remote(model, ids, set.value) : { type: 'undefined' },
        configurable: true,
        enumerable: false,
        isOwn: true,
      });
      continue;
    }
    if (options.accessorPropertiesOnly) continue;
    if (child.presentation === 'private') {
      (out.privateProperties ??= []).push({ name: child.name, value: value() });
    } else if (child.presentation === 'internal' && child.name.startsWith('[[')) {
      (out.internalProperties ??= []).push({ name: child.name, value: value() });
    } else {
      const builtIn = child.presentation === 'internal' || child.presentation === 'marker';
      out.result.push({ name: child.name, value: value(), writable: !builtIn, configurable: !builtIn, enumerable: !builtIn, isOwn: true });
    }
  }
}

/** A RemoteObject with, when asked, a preview of its first properties. */
export function remote(model: DumpModel, ids: ObjectIds, view: ValueView, withPreview = false): RemoteObject {
  ids.remember(view);
  const object = toRemoteObject(view, model);
  if (withPreview && object.objectId && (view.type === 'object')) object.preview = preview(model, view, object);
  return object;
}

/** At most this many properties in a preview, as V8's. */
const PREVIEW_PROPERTIES = 5;

function preview(model: DumpModel, view: ValueView, object: RemoteObject): ObjectPreview {
  const indexed = view.kind === 'array' || view.kind === 'bytes';
  const children = [
    ...(indexed ? model.children(view.handle, { filter: 'indexed', count: PREVIEW_PROPERTIES + 1 }) : []),
    ...model.children(view.handle, { filter: 'named', count: 50 }).filter((child) => !child.presentation),
  ];
  const shown = children.slice(0, PREVIEW_PROPERTIES);
  const result: ObjectPreview = {
    type: object.type,
    description: object.description ?? view.text,
    overflow: children.length > PREVIEW_PROPERTIES || (indexed && view.indexedCount > PREVIEW_PROPERTIES),
    properties: shown.map((child) => {
      const inner = toRemoteObject(child.value);
      const property: ObjectPreview['properties'][number] = { name: child.name, type: inner.type };
      if (inner.subtype) property.subtype = inner.subtype;
      // Nested objects are named by their class, as V8's previews do.
      property.value = inner.type === 'object' || inner.type === 'function' ? (inner.subtype === 'null' ? 'null' : inner.className ?? child.value.text) : inner.value !== undefined ? String(inner.value) : inner.description ?? child.value.text;
      return property;
    }),
  };
  if (object.subtype) result.subtype = object.subtype;
  if (view.kind === 'map' || view.kind === 'set') {
    result.entries = model.children(view.handle, { filter: 'indexed', count: PREVIEW_PROPERTIES }).map((entry) => {
      if (view.kind === 'set') return { value: leafPreview(entry.value) };
      const [key, value] = model.children(entry.value.handle, { filter: 'named' });
      return { key: leafPreview(key?.value ?? noteView('?')), value: leafPreview(value?.value ?? noteView('?')) };
    });
    result.overflow = view.indexedCount > PREVIEW_PROPERTIES;
  }
  return result;
}

function leafPreview(view: ValueView): ObjectPreview {
  const inner = toRemoteObject(view);
  const result: ObjectPreview = { type: inner.type, description: inner.type === 'string' ? String(inner.value) : inner.description ?? view.text, overflow: false, properties: [] };
  if (inner.subtype) result.subtype = inner.subtype;
  return result;
}

/** A value that is only a message. */
export function noteView(text: string): ValueView {
  return { type: 'note', text, handle: 0, namedCount: 0, indexedCount: 0 };
}
