import { explainEvaluateError, type DumpModel } from '../loader/index.js';
import { byValue } from './by-value.js';
import { remote } from './get-properties.js';
import type { ObjectIds } from './object-ids.js';
import type { RemoteObject } from './remote-object.js';

/** Options of `Runtime.evaluate` and `Debugger.evaluateOnCallFrame` this server honours. */
export interface EvaluateParams {
  returnByValue?: boolean;
  generatePreview?: boolean;
  throwOnSideEffect?: boolean;
}

export type EvaluateAnswer = { result: RemoteObject; exceptionDetails?: Record<string, unknown> };

/**
 * Reads that cannot have side effects: a name, then `.name`, `?.name` or `[literal]` steps.
 * DevTools evaluates as the user types with `throwOnSideEffect`; only these are run then, so that
 * half-typed loops do not each spend the sandbox's time limit.
 */
const PLAIN_READ = /^\s*[A-Za-z_$][\w$]*(\s*(\?\.|\.)\s*[A-Za-z_$][\w$]*|\s*(\?\.)?\[\s*(\d+|'[^'\\]*'|"[^"\\]*")\s*\])*\s*$/;

/**
 * An expression evaluated in a frame's sandbox. A failure is an exception thrown by the
 * expression (`exceptionDetails`), worded as the DAP server words it.
 */
export function evaluate(model: DumpModel, ids: ObjectIds, expression: string, frameIndex: number, params: EvaluateParams = {}): EvaluateAnswer {
  if (params.throwOnSideEffect && !PLAIN_READ.test(expression)) {
    // V8's own wording: DevTools recognises it and drops the eager preview quietly.
    return thrown('EvalError', 'Possible side-effect in debug-evaluate');
  }
  const outcome = model.evaluate(expression, frameIndex);
  if (!outcome.ok) {
    const text = explainEvaluateError(model, outcome.error, frameIndex);
    const name = /^(\w*Error):/.exec(outcome.error)?.[1] ?? 'Error';
    return thrown(name, text);
  }
  if (params.returnByValue) {
    const object = remote(model, ids, outcome.value);
    if (object.type === 'object' || object.type === 'function') return { result: { type: object.type, value: byValue(model, outcome.value), description: object.description } };
    return { result: object };
  }
  return { result: remote(model, ids, outcome.value, params.generatePreview) };
}

/** An answer for an expression that threw (or was refused), as V8 reports an uncaught one. */
export function thrown(name: string, text: string): EvaluateAnswer {
  const exception: RemoteObject = { type: 'object', subtype: 'error', className: name, description: text.startsWith(`${name}:`) ? text : `${name}: ${text}` };
  return {
    result: exception,
    exceptionDetails: { exceptionId: 1, text: 'Uncaught', lineNumber: 0, columnNumber: 0, exception },
  };
}
