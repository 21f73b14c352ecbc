import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel } from '../loader/index.js';

/** How many completion items one request returns. */
const MAX_ITEMS = 500;
/** Characters before the cursor looked at: a dotted name is never longer, and the regexp below is quadratic in what it scans. */
const MAX_CONTEXT = 1000;

/** Completion in the Debug Console: captured names, or the properties after `expression.`. */
export function dapCompletions(model: DumpModel, frameIndex: number, text: string, column: number): DebugProtocol.CompletionItem[] {
  const before = text.slice(0, Math.max(0, column - 1)).slice(-MAX_CONTEXT);
  const match = /((?:[\w$]+\.)*)([\w$]*)$/.exec(before)!;
  const objectExpression = match[1]!.replace(/\.$/, '');
  const prefix = match[2]!;
  const names = objectExpression ? model.completions(frameIndex, objectExpression) : model.namesInFrame(frameIndex);
  return names
    .filter((name) => name.startsWith(prefix))
    .slice(0, MAX_ITEMS)
    .map((name) => ({ label: name, type: objectExpression ? 'property' : 'variable' }));
}
