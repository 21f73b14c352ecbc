import type { DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';

/**
 * The line `show` prints under the error when the dump has no locals, saying why: a reader must
 * not take empty frames for frames without variables. A dump written while the hook paused only
 * at some throws says that too, though it has its locals.
 */
export function formatCaptureNote(model: DumpModel, colors: Colors): string[] {
  const capture = (model.dump.capture ?? {}) as unknown as Record<string, unknown>;
  const problems = Array.isArray(capture.problems) ? capture.problems : [];
  if (capture.method === 'stack-only') {
    const why = typeof problems[0] === 'string' ? problems[0] : 'no pause saw the throw';
    return [colors.yellow(`no locals: ${why}`)];
  }
  const pausing = (capture.pausing ?? {}) as Record<string, unknown>;
  if (pausing.level === 'uncaught') {
    return [colors.dim('captured while the hook paused only at throws V8 predicted uncaught (after a storm of handled throws)')];
  }
  return [];
}
