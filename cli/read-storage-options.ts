import { parseStorageOptions } from '../storage/parse-storage-options.js';
import { UsageError } from './exit.js';

/**
 * `--storage-options` (else `WIPEOUT_STORAGE_OPTIONS`) as an object; bad JSON is a usage mistake.
 * The message never quotes the text, which may hold secrets.
 */
export function readStorageOptions(flag: string | undefined): Record<string, unknown> | undefined {
  const [text, source] = flag !== undefined ? [flag, '--storage-options'] : [process.env.WIPEOUT_STORAGE_OPTIONS, 'WIPEOUT_STORAGE_OPTIONS'];
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseStorageOptions(text, source);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
