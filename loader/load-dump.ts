import { decodeDump, type Dump } from '../dump/index.js';
import { LoadedDump } from './dump-model.js';
import { readDumpBytes } from './read-dump-bytes.js';
import type { DumpModel, LoadDumpOptions } from './types.js';

/**
 * Reads and decodes a dump (a path, `~/…`, `file://…`, or a storage URL such as `s3://…`) and
 * returns the model the debuggers share. Rejects with an error whose message is meant for users:
 * a `LoadError` (unreadable) or a `DumpDecodeError` (not a dump, truncated, newer version).
 */
export async function loadDump(location: string, options: LoadDumpOptions = {}): Promise<DumpModel> {
  const bytes = await readDumpBytes(location, options);
  const localSources = options.localSources ?? process.env.WIPEOUT_LOCAL_SOURCES === '1';
  return modelFromDump(decodeDump(bytes, location), location, { localSources });
}

/** Options of `modelFromDump`. */
export interface ModelOptions {
  /** See `LoadDumpOptions.localSources`; default off. */
  localSources?: boolean;
}

/** The model of a dump already decoded (tests, or a dump received another way). */
export function modelFromDump(dump: Dump, location = '<memory>', options: ModelOptions = {}): DumpModel {
  return new LoadedDump(dump, location, options);
}
