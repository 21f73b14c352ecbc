import { loadDump, type DumpModel } from '../loader/index.js';
import { CliError } from './exit.js';

/** Loads a dump for a command; every failure becomes one user-facing line. */
export async function openModel(location: string, storageOptions?: Record<string, unknown>, identity?: string, localSources?: boolean): Promise<DumpModel> {
  try {
    return await loadDump(location, {
      storageOptions,
      ...(identity === undefined ? {} : { identity }),
      ...(localSources ? { localSources } : {}),
    });
  } catch (error) {
    throw new CliError((error as Error)?.message ?? String(error));
  }
}
