import type { DebugProtocol } from '@vscode/debugprotocol';
import { explainEvaluateError, type DumpModel } from '../loader/index.js';
import { addCounts, referenceFor, typeName } from './to-dap-variable.js';
import type { VariableRefs } from './variable-refs.js';

export type EvaluateOutcome = { ok: true; body: DebugProtocol.EvaluateResponse['body'] } | { ok: false; error: string };

/**
 * Evaluates in the frame's sandbox (`repl`, `watch`, `hover`, `clipboard`). A name the dump did not
 * capture is reported as such (`explainEvaluateError`, worded as the CDP server words it).
 */
export function dapEvaluate(model: DumpModel, expression: string, frameIndex: number, context: string | undefined, refs: VariableRefs): EvaluateOutcome {
  // What is copied is the whole value, as the terminal debugger's `pp` prints it, not the one-line preview.
  const clipboard = context === 'clipboard';
  const result = model.evaluate(expression, frameIndex, clipboard ? { print: { pretty: true, colors: false } } : {});
  if (!result.ok) return { ok: false, error: explainEvaluateError(model, result.error, frameIndex) };
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
