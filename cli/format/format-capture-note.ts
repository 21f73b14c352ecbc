import { CHANGED_AFTER_THROW_HEADING, changesAfterThrowLines, type DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';

/**
 * The line `show` prints under the error when the dump has no locals, saying why: a reader must
 * not take empty frames for frames without variables. A dump written while the hook paused only
 * at some throws says that too, though it has its locals, and one whose objects changed between
 * the throw and the escape names what changed.
 */
export function formatCaptureNote(model: DumpModel, colors: Colors): string[] {
  const capture = (model.dump.capture ?? {}) as unknown as Record<string, unknown>;
  const problems = Array.isArray(capture.problems) ? capture.problems : [];
  if (capture.method === 'stack-only') {
    const why = typeof problems[0] === 'string' ? problems[0] : 'no pause saw the throw';
    return [colors.yellow(`no locals: ${why}`)];
  }
  const lines: string[] = [];
  const pausing = (capture.pausing ?? {}) as Record<string, unknown>;
  if (pausing.level === 'uncaught') lines.push(colors.dim('captured while the hook paused only at throws V8 predicted uncaught (after a storm of handled throws)'));
  // Read at the escape: a `finally` block or a handler changed these after the throw.
  const changed = model.exception.changedAfterThrow;
  if (changed) lines.push(colors.yellow(CHANGED_AFTER_THROW_HEADING), ...changesAfterThrowLines(changed).map((line) => colors.yellow(`  ${line}`)));
  return lines;
}
