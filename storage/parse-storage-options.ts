import { StorageError } from './storage-error.js';
import type { StorageOptions } from './types.js';

/**
 * Parses the JSON of `--storage-options` or `WIPEOUT_STORAGE_OPTIONS`; `source` names where it
 * came from in the error. An empty or missing value is `{}`. The message never quotes the text,
 * which may hold secrets.
 */
export function parseStorageOptions(json: string | undefined, source = 'WIPEOUT_STORAGE_OPTIONS'): StorageOptions {
  if (json === undefined || json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new StorageError(`Expected ${source} to be a JSON object, got text that is not valid JSON`, 'invalid-options', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new StorageError(`Expected ${source} to be a JSON object, got ${got}`, 'invalid-options');
  }
  return parsed as StorageOptions;
}
