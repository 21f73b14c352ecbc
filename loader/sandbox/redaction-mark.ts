import { randomBytes } from 'node:crypto';

/**
 * Brackets a redacted value's text in util.inspect's output while the debugger renders a result
 * (see `Redacted` in context-builder.ts). Random per evaluator process, so that no captured string
 * can pass for one.
 */
export const REDACTION_MARK = `wipeout-redacted-${randomBytes(8).toString('hex')}`;

// `Redacted [mark…mark] {}` as a value, `[Redacted [mark…mark]]` past the rendering's depth.
const MARKED = new RegExp(`\\[Redacted \\[${REDACTION_MARK}(.*?)${REDACTION_MARK}\\]\\]|Redacted \\[${REDACTION_MARK}(.*?)${REDACTION_MARK}\\] \\{\\}`, 'gs');

/** A rendering with each marked redacted value replaced by its text: `[redacted: name matches "key", 24 chars]`. */
export function unmarkRedactions(text: string): string {
  return text.includes(REDACTION_MARK) ? text.replace(MARKED, (_, deep: string | undefined, shallow: string | undefined) => deep ?? shallow ?? '') : text;
}
