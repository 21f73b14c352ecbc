import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel } from '../loader/index.js';
import { addCounts, referenceFor, typeName } from './to-dap-variable.js';
import type { VariableRefs } from './variable-refs.js';

export type EvaluateOutcome = { ok: true; body: DebugProtocol.EvaluateResponse['body'] } | { ok: false; error: string };

/**
 * Evaluates in the frame's sandbox (`repl`, `watch`, `hover`, `clipboard`). A name the dump did not
 * capture is reported as such, rather than as a bare ReferenceError that reads like a bug in the
 * user's program.
 */
export function dapEvaluate(model: DumpModel, expression: string, frameIndex: number, context: string | undefined, refs: VariableRefs): EvaluateOutcome {
  // What is copied is the whole value, as the terminal debugger's `pp` prints it, not the one-line preview.
  const clipboard = context === 'clipboard';
  const result = model.evaluate(expression, frameIndex, clipboard ? { print: { pretty: true, colors: false } } : {});
  if (!result.ok) return { ok: false, error: explain(model, result.error, frameIndex) };
  const { value } = result;
  const text = !clipboard ? value.text : typeof result.primitive === 'string' ? result.primitive : result.printed ?? value.text;
  const body: DebugProtocol.EvaluateResponse['body'] = {
    result: text,
    type: typeName(value),
    variablesReference: referenceFor(value, frameIndex, `(${expression})`, refs),
  };
  addCounts(body, value);
  return { ok: true, body };
}

function explain(model: DumpModel, error: string, frameIndex: number): string {
  const match = /^ReferenceError: ([\w$]+) is not defined/.exec(error);
  if (!match) return error;
  const name = match[1]!;
  const frame = model.frames[frameIndex];
  const names = model.namesInFrame(frameIndex);
  const known = names.length === 0
    ? 'no variables were captured there'
    : `captured there: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
  return `${name} was not captured in frame #${frameIndex} ${frame?.name ?? ''} (${known})`;
}
