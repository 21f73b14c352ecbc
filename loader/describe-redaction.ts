import { reasonText } from '../dump/redaction-text.js';
import type { RedactionReason } from '../dump/types.js';

/** A redacted value as the loader checked it (see `checkValue`). */
export interface RedactedValue {
  type: string;
  length?: number;
  why?: RedactionReason;
}

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
