import type { ObjectNode, Property, Truncation } from '../dump/types.js';
import { accessorValue, entryValue, holeValue, internal, note, type Child, type ChildList } from './child.js';
import { isItem } from './object-graph.js';
import { describeTruncation, formatCount } from './render-value.js';

type Of<K extends ObjectNode['kind']> = Extract<ObjectNode, { kind: K }>;

/**
 * The children of a captured object: its properties and internal slots, the accessors it inherits
 * from its captured prototypes (`req.headers`, a class's `get total()`: shown, never run), then its
 * items. `lookup` reads other nodes of the graph (the prototypes).
 */
export function nodeChildren(node: ObjectNode, ref: number, lookup?: (ref: number) => ObjectNode | undefined): ChildList {
  const named = (): Child[] => [...ownSlots(node), ...properties(node.props, node.truncated), ...inheritedAccessors(node, lookup), ...prototype(node)];
  switch (node.kind) {
    case 'array':
      return arrayChildren(node, named);
    case 'map':
      return listChildren(named, node.entries.length, (i) => ({ name: String(i), value: entryValue(ref, i) }));
    case 'set':
      return listChildren(named, node.values.length, (i) => ({ name: String(i), value: node.values[i]! }));
    case 'bytes':
      return bytesChildren(node, named);
    default:
      return { named, indexedCount: 0, indexed: () => [] };
  }
}

/** Properties in order; accessors become `$accessor` children and are never "called". */
export function properties(props: Property[], truncated?: Truncation): Child[] {
  const children: Child[] = props.map((prop) => {
    const name = prop.symbol ? `[${prop.name}]` : prop.name;
    if (prop.get !== undefined || prop.set !== undefined) {
      return { name, value: accessorValue(prop.get, prop.set), presentation: 'accessor' };
    }
    const child: Child = { name, value: prop.value === undefined ? { t: 'undefined' } : prop.value };
    if (prop.private === true) child.presentation = 'private';
    else if (prop.builtIn === true) child.presentation = 'internal';
    return child;
  });
  if (truncated) children.push(omitted(truncated, 'properties'));
  return children;
}

function omitted(why: Truncation, unit: string): Child {
  const count = typeof why.omitted === 'number' ? `${formatCount(why.omitted)} more ${unit}` : `more ${unit}`;
  return note('…', `…${count} (not captured: ${describeTruncation(why)})`);
}

/** Accessors of the prototype chain that the object does not shadow, nearest first. */
function inheritedAccessors(node: ObjectNode, lookup?: (ref: number) => ObjectNode | undefined): Child[] {
  if (!lookup || !node.proto) return [];
  const seen = new Set(node.props.map((prop) => prop.name));
  const found: Property[] = [];
  let proto: ObjectNode | undefined = lookup(node.proto.ref);
  for (let hops = 0; proto && hops < 10; hops++) {
    for (const prop of proto.props) {
      if (seen.has(prop.name) || prop.name === '__proto__') continue;
      seen.add(prop.name);
      if (!prop.symbol && (prop.get !== undefined || prop.set !== undefined)) found.push(prop);
    }
    proto = proto.proto ? lookup(proto.proto.ref) : undefined;
  }
  return properties(found.slice(0, 200));
}

function prototype(node: ObjectNode): Child[] {
  return node.proto === undefined ? [] : [internal('[[Prototype]]', node.proto)];
}

/** Internal slots and the fields each kind carries outside its property list. */
function ownSlots(node: ObjectNode): Child[] {
  const has = (name: string) => node.props.some((p) => p.name === name && !p.symbol);
  switch (node.kind) {
    case 'array':
      return has('length') ? [] : [internal('length', node.length)];
    case 'function': {
      const slots: Child[] = [internal('name', node.name)];
      if (node.location) slots.push(internal('[[Location]]', `${node.location.file}:${node.location.line}:${node.location.column}`));
      if (node.sourceText !== undefined) {
        slots.push(internal('[[Source]]', node.sourceTruncated ? `${node.sourceText}…` : node.sourceText));
      }
      return slots;
    }
    case 'error': {
      const slots: Child[] = [];
      if (!has('name')) slots.push(internal('name', node.name));
      if (!has('message')) slots.push(internal('message', node.message));
      if (node.stack !== undefined && !has('stack')) slots.push(internal('stack', node.stack));
      if (node.cause !== undefined && !has('cause')) slots.push(internal('cause', node.cause));
      if (node.errors !== undefined && !has('errors')) slots.push(internal('errors', node.errors));
      return slots;
    }
    case 'map':
    case 'set':
      return [internal('size', node.size)];
    case 'date':
      return [internal('[[Date]]', node.time === null ? 'Invalid Date' : new Date(node.time).toISOString())];
    case 'regexp':
      return [internal('source', node.source), internal('flags', node.flags), ...(node.lastIndex ? [internal('lastIndex', node.lastIndex)] : [])];
    case 'bytes':
      return [internal('byteLength', node.byteLength), ...(node.className.endsWith('Array') || node.className === 'Buffer' ? [internal('length', node.length)] : [])];
    case 'promise': {
      const slots: Child[] = [internal('[[PromiseState]]', node.state)];
      if (node.state === 'fulfilled' || node.state === 'rejected') slots.push(internal('[[PromiseResult]]', node.result ?? { t: 'undefined' }));
      return slots;
    }
    case 'proxy':
      return [internal('[[Target]]', node.target ?? { t: 'missing', why: 'not captured' }), internal('[[Handler]]', node.handler ?? { t: 'missing', why: 'not captured' })];
    case 'opaque':
      return [note('[[Contents]]', node.description)];
    case 'boxed':
      return [internal('[[PrimitiveValue]]', node.primitive)];
    default:
      return [];
  }
}

function listChildren(named: () => Child[], count: number, at: (index: number) => Child): ChildList {
  return {
    named,
    indexedCount: count,
    indexed(start, n) {
      const out: Child[] = [];
      for (let i = start; i < Math.min(count, start + n); i++) out.push(at(i));
      return out;
    },
  };
}

function arrayChildren(node: Of<'array'>, ownNamed: () => Child[]): ChildList {
  const { items } = node;
  const tail = items[items.length - 1];
  const last = isItem(tail) ? tail[0] : -1;
  // Past the captured items nothing is known, so the indexed range stops at the last captured one.
  const indexedCount = node.itemsTruncated ? Math.min(node.length, last + 1) : node.length;
  let byIndex: Map<number, number> | undefined;
  const position = (index: number): number | undefined => {
    // Dense arrays (the usual case) are looked up directly; sparse ones through a map built once.
    const direct = items[index];
    if (isItem(direct) && direct[0] === index) return index;
    if (!byIndex) {
      byIndex = new Map();
      items.forEach((pair, at) => isItem(pair) && byIndex!.set(pair[0], at));
    }
    return byIndex.get(index);
  };
  const named = () => {
    const children = ownNamed();
    if (node.itemsTruncated) children.push(omitted({ ...node.itemsTruncated, omitted: node.itemsTruncated.omitted ?? Math.max(0, node.length - items.length) }, 'items'));
    return children;
  };
  return {
    named,
    indexedCount,
    indexed(start, n) {
      const out: Child[] = [];
      for (let i = start; i < Math.min(indexedCount, start + n); i++) {
        const at = position(i);
        out.push({ name: String(i), value: at === undefined ? holeValue : items[at]![1] });
      }
      return out;
    },
  };
}

function bytesChildren(node: Of<'bytes'>, ownNamed: () => Child[]): ChildList {
  let bytes: Buffer | undefined;
  const elements = node.elements;
  const count = elements ? elements.length : node.base64 !== undefined ? (bytes ??= Buffer.from(node.base64, 'base64')).length : 0;
  const named = () => {
    const children = ownNamed();
    const shown = count;
    if (node.itemsTruncated) children.push(omitted({ ...node.itemsTruncated, omitted: node.itemsTruncated.omitted ?? node.length - shown }, 'items'));
    return children;
  };
  return {
    named,
    indexedCount: count,
    indexed(start, n) {
      const out: Child[] = [];
      for (let i = start; i < Math.min(count, start + n); i++) {
        const element = elements ? elements[i]! : bytes![i]!;
        out.push({ name: String(i), value: typeof element === 'string' ? { t: 'bigint', v: element } : element });
      }
      return out;
    },
  };
}
