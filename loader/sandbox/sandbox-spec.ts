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
    if (prop.builtIn === true) spec.builtIn = true;
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
 * The whole frame, as one part: every variable and `this`, and every object reachable from them,
 * as the JSON that `buildInContext` takes.
 */
export function sandboxSpec(model: LoadedDump, frameIndex: number): string {
  return specPart(model, frameIndex, () => true, true, new Set()).text;
}

/**
 * The variables `take` accepts (with `this` when `complete`) and the objects reachable from them
 * that are not in `sent`. Built in the loader, which holds the dump; the evaluator process only
 * ever sees this.
 */
export function specPart(model: LoadedDump, frameIndex: number, take: (name: string) => boolean, complete: boolean, sent: ReadonlySet<number>) {
  const nodes: Array<[number, SpecNode]> = [];
  // Breadth first, so that the path remembered for each object (its label in "not captured"
  // errors) is a shortest one from the variables of this part: those named by the expression
  // that first needed the object, or all of them for the whole frame. So a label is a path that
  // expression could take, not always the frame's shortest; an object sent before keeps the label
  // it got then. Labels over the whole frame would mean walking the whole frame for every part.
  const parents = new Map<number, [parent: number | string, edge: string]>();
  const queue: number[] = [];
  let visiting: number | string = '';
  const visit = (value: unknown, edge: string) => {
    if (typeof value === 'object' && value !== null && (value as { t?: unknown }).t === 'ref') {
      const ref = (value as { ref: number }).ref;
      if (!parents.has(ref) && !sent.has(ref)) {
        parents.set(ref, [visiting, edge]);
        queue.push(ref);
      }
    }
  };
  const vars: Array<[string, Value]> = [];
  const names = new Set<string>();
  // Outermost first: the context defines them in order, so inner scopes overwrite (shadow) outer ones.
  for (const scope of [...model.rawScopes(frameIndex)].reverse()) {
    for (const prop of checkProps(scope.variables)) {
      if (!take(prop.name)) continue;
      // Only a missing value is undefined: a captured `null` stays null (`??` would turn it into undefined).
      const value = (prop.value === undefined ? { t: 'undefined' as const } : clean(prop.value)) as Value;
      vars.push([prop.name, value]);
      names.add(prop.name);
    }
  }
  // Inner scopes first for labels: the name an expression would use is the innermost binding.
  for (let index = vars.length - 1; index >= 0; index--) {
    visiting = vars[index]![0];
    visit(vars[index]![1], '');
  }
  const thisValue = complete ? (clean(model.thisValue(frameIndex)) as Value | undefined) : undefined;
  visiting = 'this';
  visit(thisValue, '');
  const labelled: number[] = [];
  for (let head = 0; head < queue.length; head++) {
    const ref = queue[head]!;
    const node = model.graph.node(ref);
    if (!node) continue;
    const spec = specNode(node);
    nodes.push([ref, spec]);
    if (needsLabel(node)) labelled.push(ref);
    visiting = ref;
    forEachValue(node, visit);
  }
  const labels = labelled.map((ref) => [ref, labelOf(ref, parents)] as [number, string]);
  // Parents before children is not needed (shells come first), but stable order keeps runs alike.
  nodes.sort((a, b) => a[0] - b[0]);
  const limits = typeof model.dump.limits === 'object' && model.dump.limits !== null ? model.dump.limits : {};
  const spec: Record<string, unknown> = { nodes, vars, labels, limits };
  if (complete) spec.complete = true;
  if (thisValue !== undefined) spec.this = thisValue;
  return { text: JSON.stringify(spec), names, refs: parents };
}

/** Objects whose reads can reach what a limit cut: their errors name them by a path. */
function needsLabel(node: ObjectNode): boolean {
  if (node.truncated) return true;
  if ((node.kind === 'array' || node.kind === 'bytes') && node.itemsTruncated) return true;
  if (node.kind === 'map' && (node.entriesTruncated || node.size > node.entries.length)) return true;
  if (node.kind === 'set' && (node.valuesTruncated || node.size > node.values.length)) return true;
  return node.props.some((prop) => typeof prop.value === 'object' && prop.value !== null && (prop.value as { t?: unknown }).t === 'cut');
}

/** How an expression in the frame could reach an object: `jobs`, `this.cache`, `order.items[3]`. */
function labelOf(ref: number, parents: Map<number, [number | string, string]>): string {
  const edges: string[] = [];
  let at: number | string = ref;
  for (let hops = 0; typeof at === 'number' && hops < 12; hops++) {
    const step = parents.get(at);
    if (!step) break;
    edges.push(step[1]);
    at = step[0];
  }
  const root = typeof at === 'string' ? at : '…';
  return `${root}${edges.reverse().join('')}`.slice(0, 200);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const propEdge = (name: string) => (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

function forEachValue(node: ObjectNode, visit: (value: unknown, edge: string) => void): void {
  for (const prop of node.props) {
    const edge = prop.symbol ? `[${prop.name}]` : propEdge(prop.name);
    visit(prop.value, edge);
    visit(prop.get, edge);
    visit(prop.set, edge);
  }
  visit(node.proto, '.__proto__');
  switch (node.kind) {
    case 'array':
      for (const pair of node.items) if (isItem(pair)) visit(pair[1], `[${pair[0]}]`);
      break;
    case 'map':
      for (const entry of node.entries) {
        if (!isEntry(entry)) continue;
        visit(entry[0], '.keys()[…]');
        visit(entry[1], typeof entry[0] === 'string' || typeof entry[0] === 'number' ? `.get(${JSON.stringify(entry[0])})` : '.get(…)');
      }
      break;
    case 'set':
      for (const value of node.values) visit(value, '.values()[…]');
      break;
    case 'boxed':
      visit(node.primitive, '');
      break;
    case 'error':
      visit(node.cause, '.cause');
      visit(node.errors, '.errors');
      break;
    case 'promise':
      visit(node.result, ' (its result)');
      break;
    case 'proxy':
      visit(node.target, ' (its target)');
      visit(node.handler, ' (its handler)');
      break;
  }
}
