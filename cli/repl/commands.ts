import { formatException, formatCrashLine } from '../format/format-exception.js';
import { formatFrameLine } from '../format/format-frame.js';
import { formatSnippet } from '../format/format-snippet.js';
import { frameLocals } from '../format/frame-locals.js';
import { formatInfo } from './format-info.js';
import { functionRange } from './function-range.js';
import type { Session } from './session.js';

/** What a command does with its argument text. */
type Handler = (session: Session, arg: string) => void;

const POSTMORTEM =
  'This is a postmortem session: the program has already crashed, nothing can run or step. Use up, down, frame, list and p to look around.';

/** The frames of the current frame's thread: the crashed stack, or the throw site of a cause. */
const threadFrames = (session: Session) => session.model.framesOf(session.model.frame(session.frame)?.threadId ?? 1);

export function printFrames(session: Session): void {
  const { model, colors } = session;
  const frames = threadFrames(session);
  if (frames.length === 0) return session.print(colors.dim('The dump has no frames.'));
  const thread = model.threads.find((t) => t.id === frames[0]!.threadId);
  if (thread?.causeDepth !== undefined) session.print(colors.dim(`Where cause ${thread.causeDepth} was thrown:`));
  session.print(...frames.map((frame) => formatFrameLine(frame, colors, { current: frame.index === session.frame })));
}

/** The current frame's line and source, after moving or on `list`. */
export function printWhere(session: Session, options: { before?: number; after?: number; range?: 'function' } = {}): void {
  const { model, colors } = session;
  const frame = model.frame(session.frame);
  if (!frame) return session.print(colors.dim('The dump has no frames.'));
  const ref = frame.position.sourceRef;
  const text = ref === undefined ? undefined : model.sourceText(ref);
  if (text === undefined) {
    const why = ref === undefined ? 'the dump has no source for it' : model.source(ref)?.missing ?? 'its text is missing';
    return session.print(colors.dim(`No source for ${frame.position.file}: ${why}.`));
  }
  const range = options.range === 'function' ? functionRange(text, frame.position.line, frame.functionName) : undefined;
  session.print(...formatSnippet(text, frame.position.line, colors, { before: options.before ?? 5, after: options.after ?? 5, range }));
}

/** The start-of-session screen: the error, the frames, the current frame's source. */
export function printBanner(session: Session): void {
  session.print(...formatException(session.model, session.colors), session.colors.dim(formatCrashLine(session.model)), '');
  printFrames(session);
  session.print('');
  printWhere(session, { before: 3, after: 3 });
  session.print(session.colors.dim('Type help for commands; expressions are evaluated in the current frame.'));
}

function move(session: Session, arg: string, direction: 1 | -1): void {
  const steps = arg.trim() === '' ? 1 : Number(arg);
  if (!Number.isInteger(steps) || steps < 0) return session.error(`Expected a number of frames, got "${arg.trim()}"`);
  // Frames of one thread have consecutive indexes: move within them.
  const frames = threadFrames(session);
  if (frames.length === 0) return session.error('The dump has no frames.');
  const first = frames[0]!.index;
  const last = frames[frames.length - 1]!.index;
  if ((direction === 1 && session.frame >= last) || (direction === -1 && session.frame <= first)) {
    return session.error(direction === 1 ? 'Oldest frame' : 'Newest frame');
  }
  selectFrame(session, Math.max(first, Math.min(last, session.frame + direction * steps)));
}

/** Said at a frame of tsx, ts-node and the like, whose variables the hook leaves out. */
const LOADER_TOOL_NOTE = 'A frame of a tool that only loads the program: its variables were not captured (WIPEOUT_LOADER_SCOPES=1 keeps them).';

function selectFrame(session: Session, index: number): void {
  session.frame = index;
  const frame = session.model.frame(index)!;
  session.print(formatFrameLine(frame, session.colors, { current: true }));
  if (frame.async) session.print(session.colors.dim('An async frame: it was awaiting, so it has no captured variables.'));
  if (frame.loaderTool) session.print(session.colors.dim(LOADER_TOOL_NOTE));
  printWhere(session, { before: 2, after: 2 });
}

/** Evaluates in the current frame and prints the result, one line (`p`) or pretty (`pp`). */
export function printExpression(session: Session, expression: string, pretty: boolean): void {
  if (expression.trim() === '') return session.error(`Expected an expression after ${pretty ? 'pp' : 'p'}`);
  const result = session.model.evaluate(expression, session.frame, { print: { pretty, colors: session.colors.enabled } });
  if (!result.ok) return session.error(result.error);
  // Without `printed`, inspecting the result did not finish (code the expression planted).
  session.print(result.printed ?? result.value.text);
}

function printLocals(session: Session): void {
  const { model, colors } = session;
  const scopes = model.scopes(session.frame);
  if (scopes.length === 0) return session.print(colors.dim('This frame has no captured variables.'));
  for (const scope of scopes) {
    session.print(colors.bold(`${scope.name}:`));
    const variables = model.children(scope.handle, { filter: 'named' });
    if (variables.length === 0) session.print(colors.dim('  (none)'));
    for (const v of variables) session.print(`  ${v.presentation === 'marker' ? colors.dim(v.value.text) : `${colors.green(v.name)} = ${v.value.text}`}`);
  }
}

function printArgs(session: Session): void {
  const { model, colors } = session;
  const frame = model.frame(session.frame);
  if (!frame || frame.params.length === 0) return session.print(colors.dim('The dump does not say which parameters this frame has.'));
  const locals = new Map(frameLocals(model, session.frame, { all: true }).map((v) => [v.name, v.value.text]));
  for (const name of frame.params) session.print(`${colors.green(name)} = ${locals.get(name) ?? colors.dim('(not captured)')}`);
}

function printThis(session: Session): void {
  const variable = frameLocals(session.model, session.frame, { all: true }).find((v) => v.name === 'this');
  if (!variable) return session.print('this = undefined');
  printExpression(session, 'this', false);
}

function printException(session: Session): void {
  const { model, colors } = session;
  const { exception } = model;
  session.print(...formatException(model, colors));
  if (exception.stack) session.print(colors.dim(exception.stack));
  exception.causes.forEach((cause, index) => {
    session.print('', colors.bold(`cause ${index + 1}: ${cause.name}: ${cause.message}`));
    const site = cause.threadId === undefined ? undefined : model.framesOf(cause.threadId)[0];
    if (site) session.print(`thrown at ${formatFrameLine(site, colors)}  ${colors.dim(`(frame ${site.index} to look around)`)}`);
    if (cause.stack) session.print(colors.dim(cause.stack));
  });
  const own = exception.value.handle ? session.model.children(exception.value.handle, { filter: 'named' }) : [];
  const extra = own.filter((v) => !['name', 'message', 'stack', 'cause'].includes(v.name));
  if (extra.length > 0) session.print('', colors.bold('properties:'), ...extra.map((v) => `  ${colors.green(v.name)} = ${v.value.text}`));
}

const HELP: Array<[string, string]> = [
  ['bt, where, w', 'the stack, > marks the current frame'],
  ['up [n], u', 'move n frames towards the caller (default 1)'],
  ['down [n], d', 'move n frames towards the throw'],
  ['frame N, f N', 'go to frame N'],
  ['list, l', 'source around the current line'],
  ['ll', 'the whole current function'],
  ['p <expr>', 'evaluate and print on one line'],
  ['pp <expr>', 'evaluate and pretty-print'],
  ['<expr>, !<expr>', 'evaluate in the current frame (! forces an expression)'],
  ['locals', 'the variables of every scope of the frame'],
  ['args, a', 'the frame\'s parameters'],
  ['this', 'the frame\'s this'],
  ['exception, ex', 'the error with its cause chain'],
  ['info', 'the process that crashed'],
  ['help, h', 'this list'],
  ['quit, q, Ctrl-D', 'leave'],
];

export const COMMANDS: Record<string, Handler> = {
  bt: printFrames,
  where: printFrames,
  w: printFrames,
  up: (s, arg) => move(s, arg, 1),
  u: (s, arg) => move(s, arg, 1),
  down: (s, arg) => move(s, arg, -1),
  d: (s, arg) => move(s, arg, -1),
  frame: (s, arg) => {
    const index = Number(arg.trim());
    if (arg.trim() === '' || !Number.isInteger(index) || !s.model.frame(index)) {
      return s.error(`Expected a frame number from 0 to ${s.model.frames.length - 1} (or a cause's frame from \`exception\`), got "${arg.trim()}"`);
    }
    selectFrame(s, index);
  },
  list: (s) => printWhere(s),
  l: (s) => printWhere(s),
  ll: (s) => printWhere(s, { range: 'function' }),
  p: (s, arg) => printExpression(s, arg, false),
  print: (s, arg) => printExpression(s, arg, false),
  pp: (s, arg) => printExpression(s, arg, true),
  locals: printLocals,
  args: printArgs,
  a: printArgs,
  this: (s, arg) => (arg.trim() ? printExpression(s, `this${arg}`, false) : printThis(s)),
  exception: printException,
  ex: printException,
  info: (s) => s.print(...formatInfo(s.model)),
  help: (s) => s.print(...HELP.map(([names, what]) => `  ${s.colors.bold(names.padEnd(18))} ${what}`)),
  h: (s) => COMMANDS.help!(s, ''),
  '?': (s) => COMMANDS.help!(s, ''),
};
COMMANDS.f = COMMANDS.frame!;

/** Commands that would run the program: a postmortem session can only say so. */
export const RUN_COMMANDS = new Set(['step', 's', 'next', 'n', 'continue', 'cont', 'c', 'until', 'unt', 'return', 'r', 'jump', 'j', 'run', 'restart', 'finish', 'stepi', 'si', 'out', 'o']);

export const postmortemMessage = POSTMORTEM;
