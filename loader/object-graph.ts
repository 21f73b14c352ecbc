import type { Dump, FunctionFlavor, ObjectNode, Property, RedactionReason, Truncation, Value } from '../dump/types.js';

const KINDS = new Set([
  'object', 'array', 'function', 'error', 'map', 'set', 'date', 'regexp', 'bytes', 'promise', 'proxy', 'opaque', 'boxed',
]);
const VALUE_TAGS = new Set(['undefined', 'uninitialized', 'number', 'bigint', 'symbol', 'string', 'redacted', 'cut', 'ref']);
/** Names and class names longer than this come from a damaged or hostile dump; they are cut for display. */
const MAX_NAME = 1_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value the loader could not make sense of (a dangling reference, a malformed entry). */
export interface MissingValue {
  t: 'missing';
  why: string;
}

/**
 * Read access to `Dump.objects` that tolerates damaged and hostile dumps: a dangling or malformed
 * reference gives `undefined` (shown as missing), a node with wrong field types is normalised.
 * Nothing from the dump is ever used as an object key, so `__proto__` or `constructor` names are
 * just strings here.
 */
export class ObjectGraph {
  #nodes = new Map<number, ObjectNode | null>();

  constructor(readonly dump: Dump) {}

  /** The node a reference points at, normalised, or `undefined` when it is dangling or malformed. */
  node(ref: number): ObjectNode | undefined {
    if (!Number.isInteger(ref) || ref < 0 || ref >= this.dump.objects.length) return undefined;
    let node = this.#nodes.get(ref);
    if (node === undefined) {
      node = normaliseNode(this.dump.objects[ref]);
      this.#nodes.set(ref, node);
    }
    return node ?? undefined;
  }
}

/**
 * Checks that a value has a shape the format allows, and copies special values with only
 * well-typed fields (a hostile `{"t": "symbol", "description": {"toString": 1}}` must not throw
 * later when rendered). Anything else becomes a `MissingValue`.
 */
export function checkValue(value: unknown): Value | MissingValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { t: 'missing', why: 'a malformed number' };
  if (!isRecord(value) || typeof value.t !== 'string' || !VALUE_TAGS.has(value.t)) return { t: 'missing', why: 'a malformed value' };
  const str = (field: unknown) => (typeof field === 'string' ? field : undefined);
  switch (value.t) {
    case 'undefined':
      return { t: 'undefined' };
    case 'uninitialized':
      return { t: 'uninitialized' };
    case 'number':
      return value.v === 'NaN' || value.v === '-0' || value.v === 'Infinity' || value.v === '-Infinity'
        ? { t: 'number', v: value.v }
        : { t: 'missing', why: 'a malformed number' };
    case 'bigint':
      return typeof value.v === 'string' && /^-?\d+$/.test(value.v) ? { t: 'bigint', v: value.v } : { t: 'missing', why: 'a malformed bigint' };
    case 'symbol': {
      const description = str(value.description);
      return description === undefined ? { t: 'symbol' } : { t: 'symbol', description };
    }
    case 'string':
      return typeof value.v === 'string'
        ? { t: 'string', v: value.v, length: typeof value.length === 'number' ? value.length : value.v.length }
        : { t: 'missing', why: 'a malformed string' };
    case 'redacted': {
      const redacted: Value = { t: 'redacted', type: str(value.type) ?? 'value' };
      if (typeof value.length === 'number' && Number.isFinite(value.length)) redacted.length = value.length;
      const why = checkReason(value.why);
      if (why) redacted.why = why;
      return redacted;
    }
    case 'cut': {
      const why = checkTruncation(value.why) ?? { limit: 'depth' };
      const cut: Value = { t: 'cut', why };
      if (str(value.type)) cut.type = str(value.type);
      if (str(value.className)) cut.className = str(value.className);
      return cut;
    }
    case 'ref':
      return Number.isInteger(value.ref) ? { t: 'ref', ref: value.ref as number } : { t: 'missing', why: 'a malformed reference' };
  }
  return { t: 'missing', why: 'a malformed value' };
}

/** Whether an array item is a well-formed `[index, value]` pair. */
export const isItem = (pair: unknown): pair is [number, Value] =>
  Array.isArray(pair) && Number.isInteger(pair[0]) && (pair[0] as number) >= 0;

/** Whether a Map entry is a well-formed `[key, value]` pair. */
export const isEntry = (pair: unknown): pair is [Value, Value] => Array.isArray(pair) && pair.length === 2;

/** A property list with only well-formed entries. */
export function checkProps(props: unknown): Property[] {
  if (!Array.isArray(props)) return [];
  return props.filter((prop): prop is Property => isRecord(prop) && typeof prop.name === 'string');
}

export function checkTruncation(value: unknown): Truncation | undefined {
  if (!isRecord(value) || typeof value.limit !== 'string') return undefined;
  const why: Truncation = { limit: value.limit as Truncation['limit'] };
  if (typeof value.omitted === 'number' && Number.isFinite(value.omitted)) why.omitted = value.omitted;
  return why;
}

const text = (value: unknown, fallback: string) =>
  typeof value === 'string' ? (value.length > MAX_NAME ? `${value.slice(0, MAX_NAME)}…` : value) : fallback;
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);
const list = (value: unknown) => (Array.isArray(value) ? value : []);

function normaliseNode(raw: unknown): ObjectNode | null {
  if (!isRecord(raw) || typeof raw.kind !== 'string' || !KINDS.has(raw.kind)) return null;
  // A copy with checked fields: later code can trust types without re-checking.
  const base = {
    className: text(raw.className, 'Object'),
    props: checkProps(raw.props),
    truncated: checkTruncation(raw.truncated),
    // A prototype captured as an object of its own (format 1.2), or null for a null prototype.
    proto: raw.proto === null ? null : isRecord(raw.proto) && raw.proto.t === 'ref' && Number.isInteger(raw.proto.ref) ? { t: 'ref' as const, ref: raw.proto.ref as number } : undefined,
  };
  switch (raw.kind) {
    case 'object':
      return { kind: 'object', ...base };
    case 'array':
      return {
        kind: 'array',
        ...base,
        length: count(raw.length),
        // Not filtered here: a 10^6-item array must open at once. Readers check each pair they use (`isItem`).
        items: list(raw.items) as Array<[number, Value]>,
        itemsTruncated: checkTruncation(raw.itemsTruncated),
      };
    case 'function': {
      const location = isRecord(raw.location) ? raw.location : undefined;
      return {
        kind: 'function',
        ...base,
        name: text(raw.name, ''),
        // Any text is kept: the renderer compares it, nothing more.
        flavor: text(raw.flavor, 'function') as FunctionFlavor,
        location: location
          ? { url: text(location.url, ''), file: text(location.file, text(location.url, '')), line: count(location.line), column: count(location.column) }
          : undefined,
        sourceText: typeof raw.sourceText === 'string' ? raw.sourceText : undefined,
        sourceTruncated: checkTruncation(raw.sourceTruncated),
      };
    }
    case 'error':
      return {
        kind: 'error',
        ...base,
        name: text(raw.name, 'Error'),
        message: typeof raw.message === 'string' ? raw.message : '',
        stack: typeof raw.stack === 'string' ? raw.stack : undefined,
        cause: raw.cause as Value | undefined,
        errors: raw.errors as Value | undefined,
      };
    case 'map':
      return {
        kind: 'map',
        ...base,
        size: count(raw.size),
        entries: list(raw.entries) as Array<[Value, Value]>,
        entriesTruncated: checkTruncation(raw.entriesTruncated),
      };
    case 'set':
      return { kind: 'set', ...base, size: count(raw.size), values: list(raw.values) as Value[], valuesTruncated: checkTruncation(raw.valuesTruncated) };
    case 'date':
      return { kind: 'date', ...base, time: typeof raw.time === 'number' && Number.isFinite(raw.time) ? raw.time : null };
    case 'regexp':
      return {
        kind: 'regexp',
        ...base,
        source: text(raw.source, '(?:)'),
        flags: text(raw.flags, ''),
        lastIndex: typeof raw.lastIndex === 'number' ? raw.lastIndex : undefined,
      };
    case 'bytes':
      return {
        kind: 'bytes',
        ...base,
        length: count(raw.length),
        byteLength: count(raw.byteLength),
        elements: Array.isArray(raw.elements) ? raw.elements.filter((e) => typeof e === 'number' || typeof e === 'string') : undefined,
        base64: typeof raw.base64 === 'string' ? raw.base64 : undefined,
        itemsTruncated: checkTruncation(raw.itemsTruncated),
      };
    case 'promise':
      return {
        kind: 'promise',
        ...base,
        state: raw.state === 'fulfilled' || raw.state === 'rejected' || raw.state === 'unknown' ? raw.state : 'pending',
        result: raw.result as Value | undefined,
      };
    case 'proxy':
      return { kind: 'proxy', ...base, target: raw.target as Value | undefined, handler: raw.handler as Value | undefined };
    case 'opaque':
      return { kind: 'opaque', ...base, description: text(raw.description, base.className) };
    case 'boxed':
      return { kind: 'boxed', ...base, primitive: raw.primitive as Value };
    default:
      return null;
  }
}

/** A redaction reason, or undefined when absent or malformed (the value is then shown as in older dumps). */
function checkReason(why: unknown): RedactionReason | undefined {
  if (!isRecord(why) || (why.rule !== 'name' && why.rule !== 'shape') || typeof why.match !== 'string') return undefined;
  const reason: RedactionReason = { rule: why.rule, match: why.match.slice(0, MAX_NAME) };
  if (typeof why.under === 'string') reason.under = why.under.slice(0, MAX_NAME);
  return reason;
}
