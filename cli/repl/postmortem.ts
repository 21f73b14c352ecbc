/** What the debugger answers to commands that need a live process: there is none. */
export const POSTMORTEM =
  'This is a postmortem session: the program has already crashed, nothing can run or step. Use up, down, frame, list and p to look around.';
export const NO_BREAKPOINTS =
  'No breakpoints in a postmortem session: the process is gone and nothing will run again. Use up, down, frame, list and p to look around.';

/** Commands that would run the program: a postmortem session can only say so. */
export const RUN_COMMANDS = new Set(['step', 's', 'next', 'n', 'continue', 'cont', 'c', 'until', 'unt', 'return', 'r', 'jump', 'j', 'run', 'restart', 'finish', 'stepi', 'si', 'out', 'o']);

/** pdb's breakpoint commands: there is no program left to stop. */
export const BREAKPOINT_COMMANDS = new Set(['break', 'b', 'tbreak', 'clear', 'cl', 'condition', 'ignore', 'enable', 'disable', 'commands']);
