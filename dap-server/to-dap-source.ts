import { basename, isAbsolute } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel, Position, SourceView } from '../loader/index.js';
import { uncapturedRef } from './uncaptured-sources.js';

/** Shown by clients next to a source whose text comes from the dump rather than the disk. */
export const EMBEDDED = 'embedded in the crash dump';

/**
 * The DAP source of a position: the local file (`path`) when it still matches what ran, else the
 * text embedded in the dump (`sourceReference`, served by the `source` request), else a reference
 * whose text says that it was not captured.
 */
export function toDapSource(model: DumpModel, position: Position, deemphasize: boolean): DebugProtocol.Source {
  const view = position.sourceRef !== undefined ? model.source(position.sourceRef) : undefined;
  const source = view ? fromView(model, view, position.file) : missingSource(model, position.file);
  if (deemphasize) source.presentationHint = 'deemphasize';
  return source;
}

/** The DAP source of one of the dump's sources. */
export function fromView(model: DumpModel, view: SourceView, displayFile = view.file ?? view.url): DebugProtocol.Source {
  const name = displayName(displayFile);
  if (view.localPath) return { name, path: view.localPath };
  if (view.origin !== 'missing') {
    // The path is kept for display, and VS Code picks the language from its extension; clients
    // fetch the text through `source` whenever sourceReference > 0.
    const source: DebugProtocol.Source = { name, sourceReference: view.ref, origin: EMBEDDED };
    if (isAbsolute(displayFile)) source.path = displayFile;
    return source;
  }
  return missingSource(model, displayFile, view.missing);
}

function missingSource(model: DumpModel, file: string, why = 'the dump has no text for it'): DebugProtocol.Source {
  const source: DebugProtocol.Source = {
    name: displayName(file),
    sourceReference: uncapturedRef(model, file, why),
    origin: `not in the dump: ${file.startsWith('node:') ? "Node's internal module" : why}`,
    presentationHint: 'deemphasize',
  };
  if (isAbsolute(file)) source.path = file;
  return source;
}

function displayName(file: string): string {
  return file.startsWith('node:') || !/[\\/]/.test(file) ? file : basename(file);
}
