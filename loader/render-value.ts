import type { ObjectNode, Truncation, Value } from '../dump/types.js';
import { redactionText } from './describe-redaction.js';
import { checkValue, isEntry, isItem, type MissingValue } from './object-graph.js';

/** What rendering needs from a model: nodes by reference. `DumpModel` provides it. */
export interface NodeSource {
  node(ref: number): ObjectNode | undefined;
}

/** Options of `renderValue`. */
export interface RenderOptions {
  /** The rendering is cut with `…` past about this many characters. Default 120. */
  maxLength?: number;
}

const numberFormat = new Intl.NumberFormat('en-US');
/** `12,345`: counts in markers read better with separators. */
export const formatCount = (n: number) => numberFormat.format(n);

/**
 * The shortest useful one-line rendering of a captured value, as `util.inspect` would have shown
 * the original: `Order { id: 42, items: [Array(3)] }`, `Map(2) { 'a' => 1, … }`, `[Function: foo]`,
 * `[redacted string, 12 chars]`, `[ 1, 2, …12,345 more items ]`. Objects inside the value are
 * shown collapsed (`[Array(3)]`), so the line stays short and cycles cannot recurse.
 */
export function renderValue(model: NodeSource, value: Value | MissingValue | undefined, options: RenderOptions = {}): string {
  const max = Math.max(10, options.maxLength ?? 120);
  return render(model, value === undefined ? { t: 'undefined' } : value, max, true);
}

/** Renders a string the way `util.inspect` quotes it. */
export function quote(text: string, max = Infinity): string {
  const cut = text.length > max ? `${text.slice(0, Math.max(0, max))}…` : text;
  // eslint-disable-next-line no-control-regex
  const body = cut.replace(/[\\'\n\r\t\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case "'": return "\\'";
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
  return `'${body}'`;
}

export function describeTruncation(why: Truncation | undefined): string {
  const limit = why?.limit ?? 'a';
  return `${limit} limit`;
}

function render(model: NodeSource, raw: unknown, max: number, top: boolean): string {
  const value = checkValue(raw);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value, top ? max - 2 : Math.min(max, 40));
    case 'number':
      return String(value);
    case 'boolean':
      return String(value);
  }
  switch (value.t) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return value.v;
    case 'bigint':
      return `${value.v}n`;
    case 'symbol':
      return `Symbol(${value.description ?? ''})`;
    case 'string': {
      const shown = quote(value.v, top ? max - 30 : 30);
      return `${shown} (${formatCount(value.length)} chars)`;
    }
    case 'redacted':
      return redactionText(value);
    case 'cut':
      return `[${value.className ?? value.type ?? 'value'}: not captured, ${describeTruncation(value.why)}]`;
    case 'missing':
      return `<missing: ${value.why}>`;
    case 'uninitialized':
      return '<uninitialized>';
    case 'ref': {
      const node = model.node(value.ref);
      if (!node) return `<missing object #${value.ref}>`;
      return top ? renderNode(model, node, max) : collapsed(node);
    }
  }
  return '<unknown value>';
}

/** How an object looks one level down: `[Array(3)]`, `[Order]`, `[Function: f]`. */
export function collapsed(node: ObjectNode): string {
  switch (node.kind) {
    case 'array':
      return `[${node.className === 'Array' ? 'Array' : node.className}(${node.length})]`;
    case 'function':
      return functionLabel(node);
    case 'error':
      return `[${node.name}: ${node.message.length > 40 ? `${node.message.slice(0, 40)}…` : node.message}]`;
    case 'map':
    case 'set':
      return `[${node.className}(${node.size})]`;
    case 'date':
      return dateText(node.time);
    case 'regexp':
      return `/${node.source}/${node.flags}`;
    case 'bytes':
      return `[${node.className}(${node.length})]`;
    case 'opaque':
      return `[${node.className}]`;
    default:
      return `[${node.className}]`;
  }
}

function functionLabel(node: Extract<ObjectNode, { kind: 'function' }>): string {
  if (node.flavor === 'class') return node.name ? `[class ${node.name}]` : '[class (anonymous)]';
  const prefix =
    node.flavor === 'async' ? 'AsyncFunction'
    : node.flavor === 'generator' ? 'GeneratorFunction'
    : node.flavor === 'asyncGenerator' ? 'AsyncGeneratorFunction'
    : 'Function';
  return node.name ? `[${prefix}: ${node.name}]` : `[${prefix} (anonymous)]`;
}

const dateText = (time: number | null) => (time === null ? 'Invalid Date' : new Date(time).toISOString());

/** A rendered part, or a part with how many items it stands for (a run of holes). */
type Part = string | [string, number];

/** Joins parts inside brackets until the budget runs out, then says how much was left. */
function bracket(open: string, close: string, parts: Iterable<Part>, total: number, max: number, unit = 'items', cut?: { count: number; why?: Truncation }): string {
  let body = '';
  let shown = 0;
  for (const part of parts) {
    const [text, weight] = typeof part === 'string' ? [part, 1] : part;
    const next = body ? `${body}, ${text}` : text;
    if (open.length + next.length + close.length + 4 > max && shown > 0) break;
    body = next;
    shown += weight;
    if (body.length > max) break;
  }
  const rest = total - shown;
  if (rest > 0) body = body ? `${body}, …${formatCount(rest)} more ${unit}` : `…${formatCount(rest)} more ${unit}`;
  // What a limit left out is said apart from what only the width left out: the first is not in the dump at all.
  if (rest > 0 && cut && cut.count > 0) body += ` (${formatCount(Math.min(cut.count, rest))} not captured: ${describeTruncation(cut.why)})`;
  return body ? `${open} ${body} ${close}` : `${open}${close}`;
}

function* propertyParts(model: NodeSource, props: ObjectNode['props'], max: number): Generator<string> {
  // What a built-in's own accessors read (a URL's `href`) says most about it: first. `#private`
  // members are not enumerable, but they are the object's state: shown, as DevTools does.
  const shown = [...props.filter((prop) => prop.builtIn === true), ...props.filter((prop) => prop.builtIn !== true)];
  for (const prop of shown) {
    if (prop.enumerable === false && prop.private !== true && prop.builtIn !== true) continue;
    const key = prop.symbol ? `[${prop.name}]` : prop.private === true || /^[A-Za-z_$][\w$]*$/.test(prop.name) ? prop.name : quote(prop.name, 30);
    if (prop.get !== undefined || prop.set !== undefined) {
      yield `${key}: [${prop.get !== undefined && prop.set !== undefined ? 'Getter/Setter' : prop.get !== undefined ? 'Getter' : 'Setter'}]`;
    } else {
      yield `${key}: ${render(model, prop.value, max, false)}`;
    }
  }
}

function countEnumerable(node: ObjectNode): number {
  let n = 0;
  for (const prop of node.props) if (prop.enumerable !== false || prop.private === true || prop.builtIn === true) n++;
  return n + (node.truncated?.omitted ?? 0);
}

function renderNode(model: NodeSource, node: ObjectNode, max: number): string {
  const prefix = node.className === 'Object' ? '' : `${node.className} `;
  switch (node.kind) {
    case 'object': {
      if (node.props.length === 0 && !node.truncated) return `${prefix}{}`;
      return prefix + bracket('{', '}', propertyParts(model, node.props, max), countEnumerable(node), max - prefix.length, 'properties');
    }
    case 'array': {
      const label = node.className === 'Array' ? '' : `${node.className}(${node.length}) `;
      return label + bracket('[', ']', arrayParts(model, node, max), node.length, max - label.length, 'items', cutItems(node));
    }
    case 'function':
      return functionLabel(node);
    case 'error': {
      const head = node.message ? `${node.name}: ${node.message}` : node.name;
      return head.length > max ? `${head.slice(0, max)}…` : head;
    }
    case 'map': {
      const parts = (function* () {
        for (const entry of node.entries) if (isEntry(entry)) yield `${render(model, entry[0], max, false)} => ${render(model, entry[1], max, false)}`;
      })();
      return bracket(`${node.className}(${node.size}) {`, '}', parts, node.size, max, 'items', { count: node.size - node.entries.length, why: node.entriesTruncated });
    }
    case 'set': {
      const parts = (function* () {
        for (const value of node.values) yield render(model, value, max, false);
      })();
      return bracket(`${node.className}(${node.size}) {`, '}', parts, node.size, max, 'items', { count: node.size - node.values.length, why: node.valuesTruncated });
    }
    case 'date':
      return dateText(node.time);
    case 'regexp':
      return `/${node.source}/${node.flags}`;
    case 'bytes':
      return renderBytes(node, max);
    case 'promise': {
      const inner =
        node.state === 'pending' ? '<pending>'
        : node.state === 'unknown' ? '<state not captured>'
        : node.state === 'rejected' ? `<rejected> ${render(model, node.result, max, false)}`
        : render(model, node.result, max, false);
      return `Promise { ${inner} }`;
    }
    case 'proxy':
      return `Proxy(${node.target !== undefined ? render(model, node.target, max, false) : '?'})`;
    case 'opaque':
      return `${node.className} { <${node.description}> }`;
    case 'boxed':
      return `[${node.className}: ${render(model, node.primitive, max, false)}]`;
  }
}

function* arrayParts(model: NodeSource, node: Extract<ObjectNode, { kind: 'array' }>, max: number): Generator<Part> {
  let next = 0;
  for (const pair of node.items) {
    if (!isItem(pair) || pair[0] < next) continue;
    const [index, value] = pair;
    if (index >= node.length) break;
    if (index > next) {
      const holes = index - next;
      yield [`<${formatCount(holes)} empty item${holes === 1 ? '' : 's'}>`, holes];
    }
    yield render(model, value, max, false);
    next = index + 1;
  }
  if (!node.itemsTruncated && next < node.length) {
    const holes = node.length - next;
    yield [`<${formatCount(holes)} empty item${holes === 1 ? '' : 's'}>`, holes];
  }
}

function renderBytes(node: Extract<ObjectNode, { kind: 'bytes' }>, max: number): string {
  if (node.base64 !== undefined) {
    const bytes = Buffer.from(node.base64, 'base64');
    if (node.className === 'Buffer') {
      const shown = Math.max(1, Math.min(bytes.length, Math.floor((max - 12) / 3)));
      const hex = [...bytes.subarray(0, shown)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const rest = node.length - shown;
      const cut = node.itemsTruncated ? ` (${formatCount(node.length - bytes.length)} not captured: ${describeTruncation(node.itemsTruncated)})` : '';
      return `<Buffer${hex ? ` ${hex}` : ''}${rest > 0 ? ` …${formatCount(rest)} more bytes${cut}` : ''}>`;
    }
    return `${node.className} { byteLength: ${node.byteLength} }`;
  }
  const elements = node.elements ?? [];
  const parts = elements.map((e) => (typeof e === 'string' ? `${e}n` : String(e)));
  return bracket(`${node.className}(${node.length}) [`, ']', parts, node.length, max, 'items', { count: node.length - elements.length, why: node.itemsTruncated });
}

/** How many items of an array a limit left out (past the last captured one). */
function cutItems(node: Extract<ObjectNode, { kind: 'array' }>): { count: number; why?: Truncation } | undefined {
  if (!node.itemsTruncated) return undefined;
  const tail = node.items[node.items.length - 1];
  return { count: node.length - (isItem(tail) ? tail[0] + 1 : 0), why: node.itemsTruncated };
}
