import type { ObjectNode, Value } from '../../dump/types.js';
import type { LoadedDump } from '../dump-model.js';
import { checkProps, checkValue, isEntry, isItem } from '../object-graph.js';

/** A node as `buildInContext` reads it: the dump's node with checked values (see `specNode`). */
type SpecNode = { kind: ObjectNode['kind']; [field: string]: unknown };

/** A dump value as the context receives it: checked and rebuilt flat, so junk nested 10^6 deep stays out. */
const clean = (value: unknown): unknown => (value === undefined ? undefined : checkValue(value));

/**
 * A node as the context receives it: every value in it checked (a damaged one becomes a marker
 * instead of making the whole frame unevaluable), bytes decoded, dense arrays as a flat list.
 */
function specNode(node: ObjectNode): SpecNode {
  // Only what differs from the builder's defaults (a string key, enumerable, writable): a frame of a
  // big dump has millions of properties, and the spec is parsed again in the evaluator process.
  // The format does not record writability, so rebuilt properties are all writable.
  const props = node.props.map((prop) => {
    const spec: Record<string, unknown> = { name: prop.name, value: clean(prop.value) };
    if (prop.symbol === true) spec.symbol = true;
    if (prop.enumerable === false) spec.enumerable = false;
    if (prop.get !== undefined) spec.get = clean(prop.get);
    if (prop.set !== undefined) spec.set = clean(prop.set);
    return spec;
  });
  const base: SpecNode = { ...node, props, proto: clean(node.proto) };
  switch (node.kind) {
    case 'bytes':
      return node.base64 !== undefined ? { ...base, bytes: [...Buffer.from(node.base64, 'base64')] } : base;
    case 'array': {
      const items = node.items.filter(isItem).map(([index, value]) => [index, clean(value)] as [number, Value]);
      if (items.length === node.items.length && items.every((pair, index) => pair[0] === index)) return { ...base, items: [], dense: items.map((pair) => pair[1]) };
      return { ...base, items };
    }
    case 'map':
      return { ...base, entries: node.entries.filter(isEntry).map(([key, value]) => [clean(key), clean(value)] as [Value, Value]) };
    case 'set':
      return { ...base, values: node.values.map(clean) };
    case 'boxed':
      return { ...base, primitive: clean(node.primitive) };
    case 'error':
      return { ...base, cause: clean(node.cause), errors: clean(node.errors) };
    case 'promise':
      return { ...base, result: clean(node.result) };
    case 'proxy':
      return { ...base, target: clean(node.target), handler: clean(node.handler) };
    default:
      return base;
  }
}

/**
 * The frame's variables and every object reachable from them, as the JSON that `buildInContext`
 * takes. Built in the loader, which holds the dump; the evaluator process only ever sees this.
 */
export function sandboxSpec(model: LoadedDump, frameIndex: number) {
  const nodes: Array<[number, SpecNode]> = [];
  const seen = new Set<number>();
  const queue: number[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'object' && value !== null && (value as { t?: unknown }).t === 'ref') {
      const ref = (value as { ref: number }).ref;
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  };
  const vars: Array<[string, Value]> = [];
  // Outermost first: the context defines them in order, so inner scopes overwrite (shadow) outer ones.
  for (const scope of [...model.rawScopes(frameIndex)].reverse()) {
    for (const prop of checkProps(scope.variables)) {
      const value = (clean(prop.value) ?? { t: 'undefined' as const }) as Value;
      vars.push([prop.name, value]);
      visit(value);
    }
  }
  const thisValue = clean(model.thisValue(frameIndex)) as Value | undefined;
  visit(thisValue);
  while (queue.length > 0) {
    const ref = queue.pop()!;
    const node = model.graph.node(ref);
    if (!node) continue;
    nodes.push([ref, specNode(node)]);
    forEachValue(node, visit);
  }
  // Parents before children is not needed (shells come first), but stable order keeps runs alike.
  nodes.sort((a, b) => a[0] - b[0]);
  return JSON.stringify(thisValue === undefined ? { nodes, vars } : { nodes, vars, this: thisValue });
}

function forEachValue(node: ObjectNode, visit: (value: unknown) => void): void {
  for (const prop of node.props) {
    visit(prop.value);
    visit(prop.get);
    visit(prop.set);
  }
  visit(node.proto);
  switch (node.kind) {
    case 'array':
      for (const pair of node.items) if (isItem(pair)) visit(pair[1]);
      break;
    case 'map':
      for (const entry of node.entries) {
        if (!isEntry(entry)) continue;
        visit(entry[0]);
        visit(entry[1]);
      }
      break;
    case 'set':
      for (const value of node.values) visit(value);
      break;
    case 'boxed':
      visit(node.primitive);
      break;
    case 'error':
      visit(node.cause);
      visit(node.errors);
      break;
    case 'promise':
      visit(node.result);
      break;
    case 'proxy':
      visit(node.target);
      visit(node.handler);
      break;
  }
}
