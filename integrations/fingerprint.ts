import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What makes two handled errors "the same" (dump `fingerprint`, `handled.template`, `handled.topFrames`). */
export interface Fingerprint {
  /** 16 hex digits of a SHA-256 over the error's class, the message template and the top frames. */
  id: string;
  name: string;
  template: string;
  topFrames: string[];
}

/** User frames that go into a fingerprint: enough to tell call sites apart, few enough to survive refactors below them. */
const TOP_FRAMES = 3;
const MAX_MESSAGE = 300;
/** wipeout's own files (dist/): the Koa middleware is on every stack it sees, so it tells nothing apart. */
const OWN_CODE = fileURLToPath(new URL('../', import.meta.url));
const FRAME_LINE = /^\s*at (?:async )?(?:(.*?) \()?(.+?):\d+:\d+\)?$/;

/**
 * The fingerprint of a handled error. Line numbers stay out, so that a deploy which moves code
 * does not make every error new; `file:function` of the top user frames stays in, so that one
 * message thrown from two places counts twice. Cheap (one stack string, one hash): it runs on the
 * request's path for every error the server handles.
 */
export function fingerprintOf(error: unknown): Fingerprint {
  const name = className(error);
  const template = messageTemplate(read(error, 'message'));
  const topFrames = topFramesOf(read(error, 'stack'));
  const id = createHash('sha256').update(`${name}\n${template}\n${topFrames.join('\n')}`).digest('hex').slice(0, 16);
  return { id, name, template, topFrames };
}

/**
 * The message with what varies between occurrences replaced: quoted values by `<str>`, UUIDs and
 * words holding digits (`ord_8f3k2`, `0x1f`) by `<id>`, numbers by `<n>`.
 */
export function messageTemplate(message: string): string {
  return message
    .slice(0, MAX_MESSAGE)
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<str>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/[\w.-]*\d[\w.-]*/g, (word) => (/^-?\d+(?:\.\d+)?$/.test(word) ? '<n>' : '<id>'));
}

/** `file:function` of the innermost user frames; of dependency frames when no user frame is on the stack. */
function topFramesOf(stack: string): string[] {
  const user: string[] = [];
  const dependency: string[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME_LINE.exec(line);
    if (!match) continue;
    const [, fn = '', location = ''] = match;
    if (location.startsWith('node:') || !/^(file:|\/|[A-Za-z]:\\)/.test(location)) continue;
    const path = location.startsWith('file:') ? safe(() => fileURLToPath(location)) ?? location : location;
    if (path.startsWith(OWN_CODE)) continue;
    const entry = `${displayFile(path)}:${fn || '<anonymous>'}`;
    if (/[\\/]node_modules[\\/]/.test(location)) dependency.push(entry);
    else user.push(entry);
    if (user.length >= TOP_FRAMES) break;
  }
  return (user.length > 0 ? user : dependency).slice(0, TOP_FRAMES);
}

/** Relative to the working directory, so that two checkouts of one app agree. */
function displayFile(path: string): string {
  return safe(() => relative(process.cwd(), path)) || path;
}

function className(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const name = read(error, 'name');
  return name || (safe(() => (error as { constructor?: { name?: unknown } }).constructor?.name) as string | undefined) || 'Object';
}

/** A string property, or '' when it is not a string or reading it throws (a hostile getter). */
function read(value: unknown, key: string): string {
  if (typeof value !== 'object' || value === null) return key === 'message' ? String(value) : '';
  const found = safe(() => (value as Record<string, unknown>)[key]);
  return typeof found === 'string' ? found : '';
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
