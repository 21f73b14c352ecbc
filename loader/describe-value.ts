import { isSynthetic, type ChildValue } from './child.js';
import type { HandleTable } from './handle-table.js';
import { nodeChildren } from './node-children.js';
import { checkValue, isEntry, type ObjectGraph } from './object-graph.js';
import { renderValue } from './render-value.js';
import type { ValueView } from './types.js';

/** What describing needs from the model. */
export interface DescribeContext {
  readonly graph: ObjectGraph;
  node: ObjectGraph['node'];
}

/**
 * The view of a value: its type, its one-line text, and a handle (allocated in `handles`) with child
 * counts when it can be expanded. Dump values are checked first; synthetic values (Map entries,
 * accessors, notes, holes, evaluation results) come only from the model itself.
 */
export function describeValue(model: DescribeContext, handles: HandleTable, value: ChildValue | undefined, maxLength = 120): ValueView {
  const checked = value === undefined ? { t: 'undefined' as const } : isSynthetic(value) ? value : checkValue(value);
  if (checked === null) return leaf('null', 'null');
  switch (typeof checked) {
    case 'string':
      return leaf('string', renderValue(model, checked, { maxLength }), checked);
    case 'number':
      return leaf('number', String(checked), checked);
    case 'boolean':
      return leaf('boolean', String(checked), checked);
  }
  switch (checked.t) {
    case 'undefined':
      return leaf('undefined', 'undefined');
    case 'uninitialized':
      return leaf('undefined', '<uninitialized>');
    case 'number':
      return leaf('number', checked.v);
    case 'bigint':
      return leaf('bigint', `${checked.v}n`);
    case 'symbol':
    case 'string':
    case 'redacted':
    case 'cut':
      return leaf(checked.t === 'string' ? 'string' : checked.t, renderValue(model, checked, { maxLength }));
    case 'missing':
      // Already checked: rendering would check it again and lose why it is missing.
      return leaf('missing', `<missing: ${checked.why}>`);
    case '$note':
      return leaf('note', checked.text);
    case '$hole':
      return leaf('note', '<empty item>');
    case '$accessor': {
      const label = checked.get !== undefined && checked.set !== undefined ? 'Getter/Setter' : checked.get !== undefined ? 'Getter' : 'Setter';
      const key = `a:${JSON.stringify([checked.get ?? null, checked.set ?? null])}`;
      const handle = handles.forKey(key, () => ({ type: 'accessor', get: checked.get, set: checked.set }));
      // Getters were never called: the view says so, rather than showing a value it does not have.
      return { type: 'object', kind: 'accessor', text: `[${label}: accessor, not run during capture]`, handle, namedCount: (checked.get !== undefined ? 1 : 0) + (checked.set !== undefined ? 1 : 0), indexedCount: 0 };
    }
    case '$entry': {
      const node = model.graph.node(checked.ref);
      const raw = node?.kind === 'map' ? node.entries[checked.index] : undefined;
      const entry = isEntry(raw) ? raw : undefined;
      const text = entry ? `${renderValue(model, entry[0], { maxLength: 40 })} => ${renderValue(model, entry[1], { maxLength: 60 })}` : '<missing entry>';
      const handle = handles.forKey(`e:${checked.ref}:${checked.index}`, () => ({ type: 'entry', ref: checked.ref, index: checked.index }));
      return { type: 'object', kind: 'entry', text, handle, namedCount: 2, indexedCount: 0 };
    }
    case '$remote': {
      const { generation, value: remote } = checked;
      if (remote.kind === 'leaf') {
        const primitive = remote.primitive;
        return leaf(remote.type, remote.text, typeof primitive === 'string' || typeof primitive === 'number' || typeof primitive === 'boolean' ? primitive : undefined);
      }
      // Rendered by the evaluator, at the length of the request that produced it.
      const handle = handles.forKey(`l:${generation}:${remote.id}`, () => ({ type: 'remote', generation, id: remote.id, indexedCount: remote.indexedCount }));
      return { type: remote.type, text: remote.text, handle, namedCount: remote.namedCount, indexedCount: remote.indexedCount };
    }
    case 'ref': {
      const node = model.graph.node(checked.ref);
      if (!node) return leaf('missing', renderValue(model, checked));
      const handle = handles.forKey(`n:${checked.ref}`, () => ({ type: 'node', ref: checked.ref }));
      const list = nodeChildren(node, checked.ref, (ref) => model.graph.node(ref));
      return {
        type: node.kind === 'function' ? 'function' : 'object',
        kind: node.kind,
        className: node.className,
        text: renderValue(model, checked, { maxLength }),
        handle,
        namedCount: list.named().length,
        indexedCount: list.indexedCount,
      };
    }
  }
  return leaf('missing', '<unknown value>');
}


function leaf(type: ValueView['type'], text: string, primitive?: string | number | boolean): ValueView {
  const view: ValueView = { type, text, handle: 0, namedCount: 0, indexedCount: 0 };
  if (primitive !== undefined) view.primitive = primitive;
  return view;
}
