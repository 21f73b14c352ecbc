import type { DumpModel } from '../loader/index.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * Source references for files the dump has no text for (Node's `node:internal/…` modules, a file
 * too large to embed): clients open a frame's source through its reference, and one without a
 * reference is opened by its path, which for `node:…` VS Code reads as a URI nobody serves (an
 * error tab). They start past any dump's own references and are kept per dump, so that every
 * session over one dump hands out the same ones.
 */
export const UNCAPTURED_REFS = 1_000_000;

interface Uncaptured {
  file: string;
  why: string;
}

const tables = new WeakMap<DumpModel, { byFile: Map<string, number>; byRef: Map<number, Uncaptured> }>();

function table(model: DumpModel) {
  let found = tables.get(model);
  if (!found) {
    found = { byFile: new Map(), byRef: new Map() };
    tables.set(model, found);
  }
  return found;
}

/** The reference of a file without text, the same for every call with that file. */
export function uncapturedRef(model: DumpModel, file: string, why: string): number {
  const { byFile, byRef } = table(model);
  let ref = byFile.get(file);
  if (ref === undefined) {
    ref = UNCAPTURED_REFS + byFile.size + 1;
    byFile.set(file, ref);
    byRef.set(ref, { file, why });
  }
  return ref;
}

/**
 * The one line a client shows for it: what it is and that its text was not captured, never text
 * that could pass for the file's.
 */
export function uncapturedText(model: DumpModel, ref: number): string | undefined {
  const entry = table(model).byRef.get(ref);
  if (!entry) return undefined;
  // The dump names the file and the reason: their line breaks and controls are escaped, so that
  // the line stays one line and nothing in it can pass for source text.
  const what = entry.file.startsWith('node:') ? `${entry.file} is one of Node's internal modules, whose text a dump does not hold` : `${entry.file}: ${entry.why}`;
  return `// Not captured: ${terminalSafe(what)}.\n`;
}
