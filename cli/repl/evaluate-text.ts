import { explainEvaluateError } from '../../loader/index.js';
import { splitExpressions } from './split-expressions.js';
import type { Session } from './session.js';

type Outcome = { ok: true; text: string } | { ok: false; error: string };

/**
 * Evaluates one expression in the current frame and renders it as `p` (one line) or `pp` does. A
 * name the dump did not capture is said as DAP says it (`explainEvaluateError`).
 */
export function evaluateText(session: Session, expression: string, pretty: boolean): Outcome {
  const result = session.model.evaluate(expression, session.frame, { print: { pretty, colors: session.colors.enabled } });
  if (!result.ok) return { ok: false, error: explainEvaluateError(session.model, result.error, session.frame) };
  // Without `printed`, inspecting the result did not finish (code the expression planted).
  return { ok: true, text: result.printed ?? result.value.text };
}

/** `p`, `pp` and bare expressions: `p a, b` prints each value on its own line, as pdb prints both. */
export function printExpression(session: Session, text: string, pretty: boolean): void {
  if (text.trim() === '') return session.error(`Expected an expression after ${pretty ? 'pp' : 'p'}`);
  for (const expression of splitExpressions(text)) {
    const outcome = evaluateText(session, expression, pretty);
    if (!outcome.ok) return session.error(outcome.error);
    session.print(outcome.text);
  }
}

// eslint-disable-next-line no-control-regex
const visibleWidth = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Renders on one line when that fits the terminal, else in the `pp` layout. */
export function evaluateToFit(session: Session, expression: string): Outcome {
  const line = evaluateText(session, expression, false);
  if (!line.ok || visibleWidth(line.text) <= session.width) return line;
  return evaluateText(session, expression, true);
}

/** `this`: the frame's `this`, laid out to fit. */
export function printThis(session: Session): void {
  if (!session.model.namesInFrame(session.frame).includes('this')) return session.print('this = undefined');
  const outcome = evaluateToFit(session, 'this');
  session.print(outcome.ok ? outcome.text : session.colors.red(outcome.error));
}

/**
 * What pdb's `whatis` says, in JavaScript's terms: `number`, `null`, `function pay`, `class
 * Checkout`, or an object's class (`Map`, `Order`, `Object`). It runs in the sandbox, like any
 * expression; the value is passed to it, so the expression is evaluated once and as written.
 */
const WHATIS = (expression: string) => `((value) => {
  if (value === null) return 'null';
  if (typeof value === 'function') return (/^class\\b/.test(Function.prototype.toString.call(value)) || /^class\\b/.test(String(value)) ? 'class ' : 'function ') + (value.name || '(anonymous)');
  if (typeof value !== 'object') return typeof value;
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return 'Object (null prototype)';
  const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof constructor === 'function' && constructor.name ? constructor.name : 'Object';
})((${expression}\n))`;

export function printWhatis(session: Session, expression: string): void {
  if (expression.trim() === '') return session.error('Expected an expression after whatis');
  const result = session.model.evaluate(WHATIS(expression), session.frame);
  if (!result.ok) return session.error(explainEvaluateError(session.model, result.error, session.frame));
  session.print(typeof result.primitive === 'string' ? result.primitive : result.value.text);
}

/** `display EXPR` adds an expression shown after every frame change; `display` shows them all now. */
export function display(session: Session, arg: string): void {
  const expression = arg.trim();
  if (expression === '') {
    if (session.displays.length === 0) return session.print(session.colors.dim('No display expressions: display EXPR adds one.'));
    return printDisplays(session);
  }
  if (!session.displays.includes(expression)) session.displays.push(expression);
  printDisplays(session, [expression]);
}

/** `undisplay EXPR` removes one; `undisplay` removes them all. */
export function undisplay(session: Session, arg: string): void {
  const expression = arg.trim();
  if (expression === '') {
    session.displays.length = 0;
    return session.print('No display expressions now.');
  }
  const at = session.displays.indexOf(expression);
  if (at === -1) return session.error(`Not a display expression: ${expression} (display lists them)`);
  session.displays.splice(at, 1);
}

/** Each display expression with its value in the current frame. */
export function printDisplays(session: Session, expressions = session.displays): void {
  for (const expression of expressions) {
    const outcome = evaluateText(session, expression, false);
    session.print(`display ${expression}: ${outcome.ok ? outcome.text : session.colors.red(outcome.error)}`);
  }
}
