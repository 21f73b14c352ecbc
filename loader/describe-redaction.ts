import type { RedactionReason } from '../dump/types.js';

/** A redacted value as the loader checked it (see `checkValue`). */
export interface RedactedValue {
  type: string;
  length?: number;
  why?: RedactionReason;
}

/** Past this, a name from the dump is cut: a hostile dump could make the marker any size. */
const MAX_NAME = 80;
const named = (text: string) => JSON.stringify(text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text);

/**
 * How a withheld value is shown in `show`, the terminal debugger and DAP alike:
 * `[redacted: name matches "session", 12 chars]`, `[redacted: inside "sessions", whose name matches
 * "session", 9 chars]`, `[redacted: looks like a JWT, 180 chars]`. Dumps written before reasons
 * were recorded keep their old form, `[redacted string, 12 chars]`. The sandbox's `Redacted`
 * (loader/sandbox/context-builder.ts) repeats this, since it runs inside the vm context.
 */
export function redactionText(value: RedactedValue): string {
  const length = typeof value.length === 'number' ? `, ${value.length.toLocaleString('en-US')} chars` : '';
  if (!value.why) return `[redacted ${value.type}${length}]`;
  const what = value.type === 'string' ? 'redacted' : `redacted ${value.type}`;
  return `[${what}: ${reasonText(value.why)}${length}]`;
}

/** `name matches "token"`, `inside "sessions", whose name matches "session"`, `looks like a JWT`. */
export function reasonText(why: RedactionReason): string {
  if (why.rule === 'shape') return `looks like a ${why.match}`;
  const match = `name matches ${named(why.match)}`;
  return why.under === undefined ? match : `inside ${named(why.under)}, whose ${match}`;
}
