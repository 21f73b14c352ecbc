import type { DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';
import { formatCrashLine, formatException } from './format-exception.js';
import { formatFrameLine } from './format-frame.js';
import { formatSnippet } from './format-snippet.js';
import { frameLocals } from './frame-locals.js';

/** Options of `formatSummary`. */
export interface SummaryOptions {
  cwd?: string;
  /** Characters per rendered value. */
  maxLength?: number;
}

/**
 * What `wipeout show` prints: the error and its causes, then each frame as `#N fn (file:line:col)`
 * with a short source snippet (TypeScript where mapped) and its locals. Node-internal frames get
 * their position only.
 */
export function formatSummary(model: DumpModel, colors: Colors, options: SummaryOptions = {}): string {
  const lines = [...formatException(model, colors), colors.dim(formatCrashLine(model)), ''];
  for (const frame of model.frames) {
    lines.push(formatFrameLine(frame, colors, { cwd: options.cwd }));
    if (frame.kind === 'node' || frame.async) continue;
    const ref = frame.position.sourceRef;
    const text = ref === undefined ? undefined : model.sourceText(ref);
    if (text !== undefined) lines.push(...formatSnippet(text, frame.position.line, colors, { before: 1, after: 1, indent: '    ' }));
    for (const variable of frameLocals(model, frame.index)) {
      lines.push(`    ${colors.green(variable.name)} = ${variable.value.text}`);
    }
  }
  return lines.join('\n');
}
