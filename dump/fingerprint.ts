import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fingerprint recipe (dump `fingerprint`, format 1.8), shared by the server integrations that
 * write it and by `wipeout list --group`, which computes the same from the `errorSummary` of a
 * dump that carries none (a crash, a failing test).
 */

/** What makes two errors "the same": the dump's `fingerprint` with `handled.template` and `handled.topFrames`. */
export interface FingerprintParts {
  /** 16 hex digits of a SHA-256 over the error's class, the message template and the top frames. */
  id: string;
  name: string;
  template: string;
  topFrames: string[];
}

/** User frames that go into a fingerprint: enough to tell call sites apart, few enough to survive refactors below them. */
const TOP_FRAMES = 3;
const MAX_MESSAGE = 300;
/** Bounds on the stack read: a dump's stack string is whatever the program made it. */
const MAX_STACK_LINES = 200;
const MAX_LINE = 2_000;
/** wipeout's own files (dist/): the Koa middleware is on every stack it sees, so it tells nothing apart. */
const OWN_CODE = fileURLToPath(new URL('../', import.meta.url));
const FRAME_LINE = /^\s*at (?:async )?(?:(.*?) \()?(.+?):\d+:\d+\)?$/;

/**
 * The fingerprint of an error from its class name, message and stack string. Line numbers stay
 * out, so that a deploy which moves code does not make every error new; `file:function` of the
 * top user frames stays in (files relative to `cwd`, so that two checkouts agree), so that one
 * message thrown from two places counts twice.
 */
export function fingerprintParts(name: string, message: string, stack: string, cwd: string): FingerprintParts {
  const template = messageTemplate(message);
  const topFrames = topFramesOf(stack, cwd);
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
function topFramesOf(stack: string, cwd: string): string[] {
  const user: string[] = [];
  const dependency: string[] = [];
  for (const line of stack.split('\n', MAX_STACK_LINES)) {
    const match = line.length > MAX_LINE ? null : FRAME_LINE.exec(line);
    if (!match) continue;
    const [, fn = '', location = ''] = match;
    if (location.startsWith('node:') || !/^(file:|\/|[A-Za-z]:\\)/.test(location)) continue;
    const path = location.startsWith('file:') ? safe(() => fileURLToPath(location)) ?? location : location;
    if (path.startsWith(OWN_CODE)) continue;
    const entry = `${safe(() => relative(cwd, path)) || path}:${fn || '<anonymous>'}`;
    if (/[\\/]node_modules[\\/]/.test(location)) dependency.push(entry);
    else user.push(entry);
    if (user.length >= TOP_FRAMES) break;
  }
  return (user.length > 0 ? user : dependency).slice(0, TOP_FRAMES);
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
