import { DumpDecodeError } from './decode-error.js';
import { FORMAT_MAJOR, FORMAT_NAME, type Dump } from './types.js';

/** Entries of `frames`, `sources` and `causeSites` a reader accepts. */
const MAX_LIST = 100_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the parts of a parsed dump that every reader relies on, so that later code can trust the
 * top-level shape. Deeper inconsistencies (a dangling object reference, say) are the reader's to
 * tolerate: the loader treats them as missing values rather than failing the whole dump.
 */
export function validateDump(parsed: unknown, name = 'the file'): Dump {
  if (!isObject(parsed) || parsed.format !== FORMAT_NAME) {
    throw new DumpDecodeError(`${name} is not a wipeout dump (no "format": "${FORMAT_NAME}" field)`);
  }
  const version = typeof parsed.version === 'string' ? parsed.version : '';
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) {
    throw new DumpDecodeError(`${name} has an unreadable format version ${JSON.stringify(parsed.version)}`);
  }
  const major = Number(match[1]);
  if (major > FORMAT_MAJOR) {
    throw new DumpDecodeError(
      `${name} is a version ${version} dump; this wipeout reads version ${FORMAT_MAJOR}.x — upgrade wipeout to open it`,
    );
  }
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  expect(Array.isArray(parsed.frames), '"frames" must be an array');
  expect(Array.isArray(parsed.objects), '"objects" must be an array');
  expect(Array.isArray(parsed.sources), '"sources" must be an array');
  expect(isObject(parsed.process), '"process" must be an object');
  expect(isObject(parsed.thread), '"thread" must be an object');
  expect(isObject(parsed.errorSummary), '"errorSummary" must be an object');
  // A stack, or a list of scripts, is thousands long at most; a longer one is a bomb.
  for (const key of ['frames', 'sources', 'causeSites'] as const) {
    const list = parsed[key];
    if (Array.isArray(list) && list.length > MAX_LIST) problems.push(`"${key}" has ${list.length.toLocaleString('en-US')} entries, more than ${MAX_LIST.toLocaleString('en-US')}`);
  }
  if (Array.isArray(parsed.frames) && parsed.frames.length <= MAX_LIST) {
    parsed.frames.forEach((frame, index) => {
      if (!isObject(frame) || !Array.isArray(frame.scopes) || typeof frame.line !== 'number') {
        problems.push(`frame ${index} is malformed`);
      }
    });
  }
  if (problems.length > 0) {
    throw new DumpDecodeError(`${name} is a damaged wipeout dump: ${problems.slice(0, 3).join('; ')}`);
  }
  return parsed as unknown as Dump;
}
