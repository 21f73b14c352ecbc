import type { RequestInfo } from '../dump/types.js';
import { REDACTED, type Redactor } from './redact.js';

/** A request as a server integration hands it over: what `IncomingMessage` has, unredacted. */
export interface RawRequest {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[] | number | undefined>;
}

/** Headers kept at most, so that a hostile request cannot make a dump large. */
const MAX_HEADERS = 100;
const MAX_VALUE_LENGTH = 4_096;

/**
 * The request for the dump, through the same rules as every other value: a header under a secret
 * name (`authorization`, `cookie`, `x-api-key`, …) or shaped like a secret (a JWT) is withheld,
 * other values have embedded credentials masked. Cookies keep their names; their values sit under
 * the `cookie` name, so they are withheld like the header itself.
 */
export function redactRequest(raw: RawRequest, redactor: Redactor): RequestInfo {
  const headers: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  let kept = 0;
  for (const [name, value] of Object.entries(raw.headers ?? {})) {
    if (value === undefined || kept++ >= MAX_HEADERS) continue;
    const text = clip(Array.isArray(value) ? value.join(', ') : String(value));
    const lower = name.toLowerCase();
    if (lower === 'cookie') for (const [cookie, cookieValue] of parseCookies(text)) cookies[cookie] = redactor.enabled ? REDACTED : cookieValue;
    headers[lower] = redactor.nameReason(lower) || redactor.shapeReason(text) ? REDACTED : redactor.scrub(text);
  }
  return { method: String(raw.method ?? ''), url: redactor.scrub(clip(String(raw.url ?? ''))), headers, cookies };
}

function parseCookies(header: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    const name = (at < 0 ? part : part.slice(0, at)).trim();
    if (name) pairs.push([name, at < 0 ? '' : part.slice(at + 1).trim()]);
    if (pairs.length >= MAX_HEADERS) break;
  }
  return pairs;
}

const clip = (text: string) => (text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text);
