import type { Dump } from '../dump/types.js';

/**
 * The visible stand-in for a header field of the wrong type: a hostile dump may put an object
 * where a string belongs (`"hostname": {"toString": 1}`) or nest arrays 200,000 deep there, and
 * every reader (show, show --json, list, the debuggers) formats these fields without looking.
 */
export function malformed(expected: string, got: unknown): string {
  return `‹malformed: expected ${expected}, got ${kindOf(got)}›`;
}

type Check = 'string' | 'number' | 'boolean' | 'strings' | 'stringRecord' | 'numberRecord';

const PROCESS: Record<string, Check> = {
  argv: 'strings', execArgv: 'strings', cwd: 'string', pid: 'number', ppid: 'number', title: 'string',
  versions: 'stringRecord', platform: 'string', arch: 'string', hostname: 'string', uptime: 'number',
  memory: 'numberRecord', env: 'stringRecord',
};
const THREAD: Record<string, Check> = { id: 'number', name: 'string', isMain: 'boolean' };
const CAPTURE: Record<string, Check> = { writer: 'string', durationMs: 'number', redaction: 'boolean', method: 'string', problems: 'strings' };
const PAUSING: Record<string, Check> = { level: 'string', storm: 'string', forMs: 'number', stepDowns: 'numberRecord' };
const SUMMARY: Record<string, Check> = { name: 'string', message: 'string', stack: 'string' };
const HANDLED: Record<string, Check> = { framework: 'string', skippedBefore: 'number', windowMs: 'number', template: 'string', topFrames: 'strings' };
const REQUEST: Record<string, Check> = { method: 'string', url: 'string', headers: 'stringRecord', cookies: 'stringRecord' };
/** Entries kept of an array or record field: a header has a few dozen. */
const MAX_ENTRIES = 10_000;

/**
 * The dump with its header fields (id, time, reason, test, process, thread, capture, limits,
 * errorSummary, and a handled error's fingerprint, handled and request) checked: each field of the
 * wrong type is replaced by a `malformed` marker, so that nothing downstream converts, walks or
 * serialises a value a dump chose. Frames, scopes, values and sources are checked where they are
 * read (frame-views.ts, object-graph.ts, source-table.ts).
 */
const REASONS = ['uncaughtException', 'unhandledRejection', 'manual', 'testFailure'];

export function checkedHeader(dump: Dump): Dump {
  const raw = dump as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...raw };
  for (const key of ['id', 'time'] as const) if (raw[key] !== undefined) out[key] = check(raw[key], 'string');
  out.reason = REASONS.includes(raw.reason as string) ? raw.reason : malformed('"uncaughtException", "unhandledRejection", "manual" or "testFailure"', raw.reason);
  if (raw.test !== undefined) out.test = record(raw.test, { name: 'string', file: 'string' });
  if (raw.fingerprint !== undefined) out.fingerprint = check(raw.fingerprint, 'string');
  if (raw.handled !== undefined) out.handled = record(raw.handled, HANDLED);
  if (raw.request !== undefined) out.request = record(raw.request, REQUEST);
  out.process = record(raw.process, PROCESS);
  out.thread = record(raw.thread, THREAD);
  if (raw.capture !== undefined) {
    const capture = record(raw.capture, CAPTURE);
    const given = isRecord(raw.capture) ? raw.capture : {};
    if (given.pausing !== undefined) capture.pausing = record(given.pausing, PAUSING);
    // Checked where it is read (changed-after-throw.ts), entry by entry and bounded.
    if (given.changedAfterThrow !== undefined) capture.changedAfterThrow = given.changedAfterThrow;
    out.capture = capture;
  }
  if (raw.limits !== undefined) out.limits = check(raw.limits, 'numberRecord');
  const summary = record(raw.errorSummary, SUMMARY);
  const causes = (raw.errorSummary as Record<string, unknown> | undefined)?.causes;
  if (causes !== undefined) {
    summary.causes = Array.isArray(causes)
      ? causes.slice(0, 100).map((cause) => record(cause, { name: 'string', message: 'string' }))
      : [{ name: 'Error', message: malformed('an array of causes', causes) }];
  }
  out.errorSummary = summary;
  return out as unknown as Dump;
}

function record(value: unknown, shape: Record<string, Check>): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of Object.keys(value)) {
    if (++count > MAX_ENTRIES) break;
    const check = Object.hasOwn(shape, key) ? shape[key]! : undefined;
    const field = value[key];
    if (check) out[key] = checkField(field, check);
    // Fields this reader does not know are kept only when they are plain values.
    else if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') out[key] = field;
  }
  return out;
}

function checkField(value: unknown, check: Check): unknown {
  // `stack` and similar optional fields may be absent; absent stays absent.
  return value === undefined ? undefined : check === 'string' || check === 'number' || check === 'boolean' ? checkScalar(value, check) : checkComposite(value, check);
}

function check(value: unknown, kind: Check): unknown {
  return checkField(value, kind);
}

function checkScalar(value: unknown, kind: 'string' | 'number' | 'boolean'): unknown {
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : malformed('a number', value);
  return typeof value === kind ? value : malformed(`a ${kind}`, value);
}

function checkComposite(value: unknown, kind: 'strings' | 'stringRecord' | 'numberRecord'): unknown {
  if (kind === 'strings') {
    if (!Array.isArray(value)) return [malformed('an array of strings', value)];
    return value.slice(0, MAX_ENTRIES).map((item) => checkScalar(item, 'string'));
  }
  if (!isRecord(value)) return { '‹malformed›': malformed('an object', value) };
  const out: Record<string, unknown> = Object.create(null);
  let count = 0;
  for (const key of Object.keys(value)) {
    if (++count > MAX_ENTRIES) break;
    out[key] = checkScalar(value[key], kind === 'stringRecord' ? 'string' : 'number');
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `the number ${String(value)}`;
  return `a ${typeof value}`;
}
