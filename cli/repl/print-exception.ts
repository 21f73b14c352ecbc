import { formatException } from '../format/format-exception.js';
import { formatFrameLine } from '../format/format-frame.js';
import type { Session } from './session.js';

/**
 * A stack without its first line(s): `formatException` has just printed the name and message,
 * which the stack repeats. A stack that does not start with them is kept whole.
 */
export function stackFrames(stack: string, name: string, message: string): string {
  const header = message ? `${name}: ${message}` : name;
  if (stack.startsWith(`${header}\n`)) return stack.slice(header.length + 1);
  return stack === header ? '' : stack;
}

/** `exception`: the error and its causes, each with its stack, and the error's own properties. */
export function printException(session: Session): void {
  const { model, colors } = session;
  const { exception } = model;
  session.print(...formatException(model, colors));
  const frames = exception.stack === undefined ? '' : stackFrames(exception.stack, exception.name, exception.message);
  if (frames) session.print(colors.dim(frames));
  exception.causes.forEach((cause, index) => {
    session.print('', colors.bold(`cause ${index + 1}: ${cause.name}: ${cause.message}`));
    const site = cause.threadId === undefined ? undefined : model.framesOf(cause.threadId)[0];
    if (site) session.print(`thrown at ${formatFrameLine(site, colors)}  ${colors.dim(`(frame ${site.index} to look around)`)}`);
    const causeFrames = cause.stack === undefined ? '' : stackFrames(cause.stack, cause.name, cause.message);
    if (causeFrames) session.print(colors.dim(causeFrames));
  });
  const own = exception.value.handle ? model.children(exception.value.handle, { filter: 'named' }) : [];
  const extra = own.filter((v) => !['name', 'message', 'stack', 'cause'].includes(v.name));
  if (extra.length > 0) session.print('', colors.bold('properties:'), ...extra.map((v) => `  ${colors.green(v.name)} = ${v.value.text}`));
}
