import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel } from '../loader/index.js';
import { UNCAPTURED_REFS, uncapturedText } from './uncaptured-sources.js';

export type SourceOutcome = { ok: true; body: DebugProtocol.SourceResponse['body'] } | { ok: false; error: string };

/** The text of a source, by `sourceReference` (or by path, for clients that send only the path). */
export function dapSource(model: DumpModel, args: DebugProtocol.SourceArguments): SourceOutcome {
  let ref = Number.isInteger(args.sourceReference) && args.sourceReference > 0 ? args.sourceReference : args.source?.sourceReference;
  if (!(typeof ref === 'number' && ref > 0) && typeof args.source?.path === 'string') {
    const path = args.source.path;
    ref = model.sources.find((view) => view.localPath === path || view.file === path || view.url === path)?.ref;
  }
  if (typeof ref !== 'number' || !Number.isInteger(ref) || ref <= 0) {
    return { ok: false, error: `Expected a sourceReference from 1 to ${model.sources.length} or the path of a source in the dump, got ${JSON.stringify(args.sourceReference ?? args.source ?? null)}` };
  }
  if (ref > UNCAPTURED_REFS) {
    const text = uncapturedText(model, ref);
    if (text !== undefined) return { ok: true, body: { content: text, mimeType: 'text/plain' } };
  }
  const view = model.source(ref);
  if (!view) return { ok: false, error: `The dump has no source #${ref}: it has ${model.sources.length}` };
  const text = model.sourceText(ref);
  if (text === undefined) return { ok: false, error: `The text of ${view.file ?? view.url} is not available: ${view.missing ?? 'it was not captured'}` };
  const body: DebugProtocol.SourceResponse['body'] = { content: text };
  const mime = mimeType(view.file ?? view.url);
  if (mime) body.mimeType = mime;
  return { ok: true, body };
}

/**
 * The MIME types VS Code knows (it takes the language from `mimeType` when there is one). It knows
 * no MIME type for TypeScript (`text/typescript` opens as plain text), so a TypeScript source
 * has none and the client takes the language from the source's name, which ends in `.ts`.
 */
function mimeType(file: string): string | undefined {
  if (/\.[cm]?tsx?$/.test(file)) return undefined;
  if (/\.json$/.test(file)) return 'application/json';
  return 'text/javascript';
}
