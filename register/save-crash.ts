/**
 * Everything a crash needs and a healthy process does not: building the dump (crypto, the value
 * graph, sources) and writing it (gzip, files, uploads). install.ts loads this file at the first
 * dump, so the preload costs a program that never crashes none of it.
 */
import { assembleDump, captureValues, type AssembleInput, type CaptureInput, type CapturedValues } from './assemble-dump.js';
import { saveDump } from './save-dump.js';
import type { ResolvedOptions } from './options.js';

/**
 * Builds and writes one dump; returns where it went and the line that says so. `label` fills
 * `{test}` in the file's name for a dump with no test (an error a runner reports outside any test).
 */
export function saveCrash(input: AssembleInput, options: ResolvedOptions, label?: string): { location: string; line: string } {
  return saveDump(assembleDump(input), options, label);
}

/** Reads the crash's values inside the pause at its throw (see CapturedValues). */
export function captureAtThrow(input: CaptureInput): CapturedValues {
  return captureValues(input, 'throw');
}
