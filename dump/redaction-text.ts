import type { RedactionReason } from './types.js';

/** Past this, a name from a dump is cut: a hostile dump could make the marker any size. */
const MAX_NAME = 80;
const named = (text: string) => JSON.stringify(text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text);

/**
 * Why a value was withheld, in words: `name matches "token"`, `inside "sessions", whose name
 * matches "session"`, `looks like a JWT`. Shared by the hook (withheld bytes are described with
 * it) and the loader (every redacted marker).
 */
export function reasonText(why: RedactionReason): string {
  if (why.rule === 'shape') return `looks like a ${why.match}`;
  const match = `name matches ${named(why.match)}`;
  return why.under === undefined ? match : `inside ${named(why.under)}, whose ${match}`;
}
