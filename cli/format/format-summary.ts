import type { DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';
import { formatCaptureNote } from './format-capture-note.js';
import { formatCrashLine, formatException } from './format-exception.js';
import { formatFrameLine } from './format-frame.js';
import { formatFingerprint, formatRequest } from './format-handled.js';
import { formatSnippet } from './format-snippet.js';
import { frameLocals } from './frame-locals.js';

const CJS_WRAPPER = new Set(['exports', 'require', 'module', '__filename', '__dirname']);

/**
 * Whether a frame's closure variables are shown: for the frames down to the top user frame, where
 * what the failing function closed over (a config, a cache) often explains the crash.
 */
export function showsClosures(model: DumpModel, frame: { index: number; threadId: number }): boolean {
  return frame.threadId === 1 && frame.index <= model.topUserFrame;
}

/** Options of `formatSummary`. */
export interface SummaryOptions {
  cwd?: string;
  /** Characters per rendered value. */
  maxLength?: number;
}

/**
 * What `wipeout show` prints: the error and its causes, how it escaped (for a handled error its
 * fingerprint and the request it was serving), then each frame as `#N fn (file:line:col)`
 * with a short source snippet (TypeScript where mapped) and its locals. Node-internal frames get
 * their position only.
 */
export function formatSummary(model: DumpModel, colors: Colors, options: SummaryOptions = {}): string {
  const lines = [
    ...formatException(model, colors), colors.dim(formatCrashLine(model)), ...formatFingerprint(model, colors), ...formatCaptureNote(model, colors), '',
    ...formatRequest(model, colors),
  ];
  const frames = [...model.frames];
  for (const thread of model.threads) {
    if (thread.causeDepth === undefined) continue;
    // Cause throw sites: only the user's own frames, the rest repeats the main stack.
    const own = model.framesOf(thread.id).filter((frame) => frame.kind === 'user');
    if (own.length > 0) frames.push(...own);
  }
  let thread = 1;
  for (const frame of frames) {
    if (frame.threadId !== thread) {
      thread = frame.threadId;
      const cause = model.threads.find((t) => t.id === thread)!.causeDepth!;
      const view = model.exception.causes[cause - 1];
      lines.push('', colors.bold(`Cause ${cause}${view ? ` (${view.name}: ${view.message})` : ''} was thrown at:`));
    }
    lines.push(formatFrameLine(frame, colors, { cwd: options.cwd }));
    if (frame.kind === 'node' || frame.async) continue;
    const ref = frame.position.sourceRef;
    const text = ref === undefined ? undefined : model.sourceText(ref);
    if (text !== undefined) lines.push(...formatSnippet(text, frame.position.line, colors, { before: 1, after: 1, indent: '    ' }));
    for (const variable of frameLocals(model, frame.index, { closures: showsClosures(model, frame) })) {
      // The CommonJS wrapper's parameters are in every module's top-level frame: noise in a summary.
      if (frame.functionName === '' && CJS_WRAPPER.has(variable.name)) continue;
      const scope = variable.scope === 'closure' ? colors.dim('(closure) ') : '';
      lines.push(`    ${scope}${colors.green(variable.name)} = ${variable.value.text}`);
    }
  }
  return lines.join('\n');
}
