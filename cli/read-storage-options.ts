import { UsageError } from './exit.js';

/** `--storage-options` (else `WIPEOUT_STORAGE_OPTIONS`) as an object; bad JSON is a usage mistake. */
export function readStorageOptions(flag: string | undefined): Record<string, unknown> | undefined {
  const [text, source] = flag !== undefined ? [flag, '--storage-options'] : [process.env.WIPEOUT_STORAGE_OPTIONS, 'WIPEOUT_STORAGE_OPTIONS'];
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`Expected ${source} to be a JSON object, got ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Expected ${source} to be a JSON object, got ${JSON.stringify(text.slice(0, 60))}`);
  }
  return parsed as Record<string, unknown>;
}
