import { formatException, formatCrashLine } from '../format/format-exception.js';
import { formatFrameLine } from '../format/format-frame.js';
import { frameLocals } from '../format/frame-locals.js';
import { display, printDisplays, printExpression, printThis, printWhatis, undisplay } from './evaluate-text.js';
import { formatInfo } from './format-info.js';
import { printHelp } from './help-text.js';
import { printFunction, printList, printWhere } from './list-source.js';
import { printException } from './print-exception.js';
import type { Session } from './session.js';

/** What a command does with its argument text. */
type Handler = (session: Session, arg: string) => void;

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
  session.listedUpTo = undefined;
  const frame = session.model.frame(index)!;
  session.print(formatFrameLine(frame, session.colors, { current: true }));
  if (frame.async) session.print(session.colors.dim('An async frame: it was awaiting, so it has no captured variables.'));
  if (frame.loaderTool) session.print(session.colors.dim(LOADER_TOOL_NOTE));
  printWhere(session, { before: 2, after: 2 });
  printDisplays(session);
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
  list: printList,
  l: printList,
  ll: printFunction,
  longlist: printFunction,
  p: (s, arg) => printExpression(s, arg, false),
  print: (s, arg) => printExpression(s, arg, false),
  pp: (s, arg) => printExpression(s, arg, true),
  whatis: printWhatis,
  display,
  undisplay,
  locals: printLocals,
  args: printArgs,
  a: printArgs,
  this: (s, arg) => (arg.trim() ? printExpression(s, `this${arg}`, false) : printThis(s)),
  exception: printException,
  ex: printException,
  info: (s) => s.print(...formatInfo(s.model)),
  help: printHelp,
  h: printHelp,
  '?': printHelp,
};
COMMANDS.f = COMMANDS.frame!;

/** Commands that Enter repeats, as pdb does: paging through `list`, walking the stack. */
export const REPEATABLE = new Set(['list', 'l', 'up', 'u', 'down', 'd']);
