import { fingerprintParts, messageTemplate, type FingerprintParts } from '../dump/fingerprint.js';

export { messageTemplate };

/** What makes two handled errors "the same" (dump `fingerprint`, `handled.template`, `handled.topFrames`). */
export type Fingerprint = FingerprintParts;

/**
 * The fingerprint of a handled error (the recipe is dump/fingerprint.ts). Cheap (one stack
 * string, one hash): it runs on the request's path for every error the server handles.
 */
export function fingerprintOf(error: unknown): Fingerprint {
  return fingerprintParts(className(error), read(error, 'message'), read(error, 'stack'), process.cwd());
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
