import type { DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';
import { formatWindow, handledFacts, requestOf, type HandledFacts } from './handled-facts.js';

/** Headers shown by `show`; `show --json` has them all. */
const MAX_HEADERS = 40;
const MAX_VALUE = 200;

/** `handled error (express, GET /orders/42)`: how `show` names a handled error's escape. */
export function handledReason(facts: HandledFacts): string {
  return `handled error (${[facts.framework, facts.requestLine].filter(Boolean).join(', ')})`;
}

/**
 * The fingerprint line under a handled error's crash line: what makes it "the same error" and how
 * many of it the window skipped. Empty for a crash or a failing test.
 */
export function formatFingerprint(model: DumpModel, colors: Colors): string[] {
  const facts = handledFacts(model);
  if (!facts) return [];
  const what = [facts.template !== undefined ? `${model.exception.name}: ${facts.template}` : '', facts.topFrames.length > 0 ? `at ${facts.topFrames.join(' < ')}` : ''].filter(Boolean).join(', ');
  const head = `fingerprint ${facts.fingerprint ?? '(none)'}${what ? ` (${what})` : ''}`;
  return [colors.dim(`${head}; ${skippedText(facts)}`)];
}

/** How many identical errors the window skipped before this dump, as far as the dump says. */
export function skippedText(facts: HandledFacts): string {
  if (facts.windowMs === 0) return 'every occurrence is saved (window 0)';
  const window = facts.windowMs === undefined ? '' : ` (one dump per ${formatWindow(facts.windowMs)})`;
  if (facts.skippedBefore === undefined) return `skipped occurrences not recorded${window}`;
  if (facts.skippedBefore === 0) return `none skipped before this dump${window}`;
  const count = facts.skippedBefore === 1 ? '1 identical error was' : `${facts.skippedBefore} identical errors were`;
  return `${count} skipped since the previous dump${window}`;
}

/** The `Request` section: method and URL, headers and cookies as captured (redacted then). */
export function formatRequest(model: DumpModel, colors: Colors): string[] {
  const request = requestOf(model);
  if (!request) return [];
  const one = (text: string) => (text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text).replace(/[\r\n]/g, ' ');
  const lines = [colors.bold('Request'), `    ${one(`${request.method} ${request.url}`)}`];
  const headers = Object.entries(request.headers);
  for (const [name, value] of headers.slice(0, MAX_HEADERS)) lines.push(`    ${colors.cyan(one(name))}: ${one(value)}`);
  if (headers.length > MAX_HEADERS) lines.push(colors.dim(`    …${headers.length - MAX_HEADERS} more headers (wipeout show --json has them all)`));
  const cookies = Object.entries(request.cookies);
  if (cookies.length > 0) lines.push(`    ${colors.cyan('cookies')}: ${one(cookies.map(([name, value]) => `${name}=${value}`).join('; '))}`);
  return [...lines, ''];
}
