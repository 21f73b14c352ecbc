import { createHash } from 'node:crypto';

import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DumpModel, Position } from '../loader/index.js';

/** `Debugger.scriptParsed` parameters. */
export interface ScriptParsed {
  scriptId: string;
  url: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  executionContextId: number;
  hash: string;
  isLiveEdit: boolean;
  sourceMapURL: string;
  hasSourceURL: boolean;
  isModule: boolean;
  length: number;
  scriptLanguage: 'JavaScript';
  embedderName: string;
}

interface Script {
  parsed: ScriptParsed;
  text: string;
}

/** The one execution context a saved crash has. */
export const CONTEXT_ID = 1;

/**
 * The scripts a client is told about: every generated source of the dump (with its source map
 * as a data: URL, the original texts inlined, so that clients map TypeScript themselves), and a
 * placeholder for each script a frame names whose text the dump lacks (Node's own, usually), so
 * that every frame has a script to point into.
 */
export class Scripts {
  readonly list: Script[] = [];
  #byRef = new Map<number, string>();
  #byUrl = new Map<string, string>();

  constructor(readonly model: DumpModel) {
    for (const view of model.sources) {
      if (view.role !== 'generated') continue;
      const text = model.sourceText(view.ref);
      const id = this.#add(view.url, text ?? `// ${view.file ?? view.url}: ${view.missing ?? 'the dump has no text for it'}\n`, sourceMapUrl(model, view.ref, view.url));
      this.#byRef.set(view.ref, id);
    }
    for (const thread of model.threads) {
      for (const frame of model.framesOf(thread.id)) {
        const { url, file } = frame.generated;
        const key = url || file;
        if (this.scriptIdOf(frame.generated) !== undefined || !key) continue;
        this.#byUrl.set(key, this.#add(key, `// ${key}: the dump has no text for it (Node's own code and dependencies are not saved)\n`, ''));
      }
    }
  }

  /** The script a position is in. */
  scriptIdOf(position: Position): string | undefined {
    if (position.sourceRef !== undefined && this.#byRef.has(position.sourceRef)) return this.#byRef.get(position.sourceRef);
    return this.#byUrl.get(position.url || position.file);
  }

  source(scriptId: unknown): string | undefined {
    return typeof scriptId === 'string' ? this.list[Number(scriptId) - 1]?.text : undefined;
  }

  #add(url: string, text: string, sourceMapURL: string): string {
    const scriptId = String(this.list.length + 1);
    const lines = text.split('\n');
    this.list.push({
      text,
      parsed: {
        scriptId,
        url,
        startLine: 0,
        startColumn: 0,
        endLine: lines.length - 1,
        endColumn: lines[lines.length - 1]!.length,
        executionContextId: CONTEXT_ID,
        hash: createHash('sha256').update(text).digest('hex').slice(0, 40),
        isLiveEdit: false,
        sourceMapURL,
        hasSourceURL: false,
        isModule: /\.mjs$|\.mts$/.test(url),
        length: text.length,
        scriptLanguage: 'JavaScript',
        embedderName: url,
      },
    });
    this.#byUrl.set(url, scriptId);
    return scriptId;
  }
}

/**
 * The source map of a script as a data: URL, or '' when the dump has none. Its `sources` become
 * absolute URLs and its `sourcesContent` the original texts the dump holds: a client reading a
 * saved crash cannot fetch them from the machine that crashed.
 */
function sourceMapUrl(model: DumpModel, ref: number, scriptUrl: string): string {
  const raw = (model.dump.sources as unknown[])[ref - 1] as { sourceMap?: unknown } | undefined;
  const map = raw?.sourceMap;
  if (typeof map !== 'object' || map === null || typeof (map as { mappings?: unknown }).mappings !== 'string') return '';
  const record = map as { sources?: unknown; sourceRoot?: unknown; sourcesContent?: unknown };
  const sources = Array.isArray(record.sources) ? record.sources.map((s) => (typeof s === 'string' ? s : '')) : [];
  const base = baseUrl(scriptUrl, typeof record.sourceRoot === 'string' ? record.sourceRoot : '');
  const resolved = sources.map((source) => resolveUrl(source, base));
  const given = Array.isArray(record.sourcesContent) ? record.sourcesContent : [];
  const contents = resolved.map((url, at) => (typeof given[at] === 'string' ? given[at] : originalText(model, url)));
  const out = { ...record, sourceRoot: '', sources: resolved, sourcesContent: contents };
  return `data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(out)).toString('base64')}`;
}

function baseUrl(scriptUrl: string, sourceRoot: string): string {
  const script = /^[a-z][\w+.-]*:/i.test(scriptUrl) ? scriptUrl : scriptUrl.startsWith('/') ? pathToFileURL(scriptUrl).href : `file:///${scriptUrl}`;
  if (!sourceRoot) return script;
  try {
    return new URL(sourceRoot.endsWith('/') ? sourceRoot : `${sourceRoot}/`, script).href;
  } catch {
    return script;
  }
}

function resolveUrl(source: string, base: string): string {
  try {
    return new URL(source, base).href;
  } catch {
    return source;
  }
}

/** The text of the original source a map names, when the dump embeds it. */
function originalText(model: DumpModel, url: string): string | null {
  let file: string | undefined;
  try {
    file = url.startsWith('file://') ? fileURLToPath(url) : undefined;
  } catch {
    file = undefined;
  }
  const view = model.sources.find((candidate) => candidate.role === 'original' && (candidate.url === url || (file !== undefined && (candidate.file === file || candidate.url === file))));
  return view ? model.sourceText(view.ref) ?? null : null;
}

