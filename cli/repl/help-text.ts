import type { Session } from './session.js';
import { BREAKPOINT_COMMANDS, RUN_COMMANDS } from './postmortem.js';

/** One entry of `help`: the names it answers to, how it is written, what it does. */
interface HelpEntry {
  names: string[];
  usage: string;
  what: string;
}

/** Every command of the debugger, in the order `help` lists them; docs/debugger.md lists the same. */
export const HELP: HelpEntry[] = [
  { names: ['bt', 'where', 'w'], usage: 'bt, where, w', what: 'the stack, > marks the current frame' },
  { names: ['up', 'u'], usage: 'up [n], u', what: 'move n frames towards the caller (default 1)' },
  { names: ['down', 'd'], usage: 'down [n], d', what: 'move n frames towards the throw' },
  { names: ['frame', 'f'], usage: 'frame N, f N', what: 'go to frame N' },
  { names: ['list', 'l'], usage: 'list, l', what: '11 lines around the current line; again: the next 11' },
  { names: ['list', 'l'], usage: 'list . | N | A,B', what: 'around the current line | around line N | lines A to B (B < A: B lines)' },
  { names: ['ll', 'longlist'], usage: 'll, longlist', what: 'the whole current function' },
  { names: ['p', 'print'], usage: 'p, print <expr>[, …]', what: 'evaluate and print on one line; p a, b prints both' },
  { names: ['pp'], usage: 'pp <expr>[, …]', what: 'evaluate and pretty-print' },
  { names: ['!'], usage: '<expr>, !<expr>', what: 'evaluate in the current frame (! forces an expression: !l)' },
  { names: ['whatis'], usage: 'whatis <expr>', what: 'the type of the value: number, function f, class C, Map…' },
  { names: ['display'], usage: 'display [<expr>]', what: 'show <expr> after every frame change; alone: show them all now' },
  { names: ['undisplay'], usage: 'undisplay [<expr>]', what: 'stop showing <expr>; alone: all of them' },
  { names: ['locals'], usage: 'locals', what: 'the variables of every scope of the frame' },
  { names: ['args', 'a'], usage: 'args, a', what: "the frame's parameters" },
  { names: ['this'], usage: 'this', what: "the frame's this" },
  { names: ['exception', 'ex'], usage: 'exception, ex', what: 'the error with its stack and cause chain' },
  { names: ['info'], usage: 'info', what: 'the process that crashed' },
  { names: ['help', 'h', '?'], usage: 'help [command], h, ?', what: 'this list, or one command' },
  { names: ['quit', 'q', 'exit'], usage: 'quit, q, exit, Ctrl-D', what: 'leave' },
  { names: [...BREAKPOINT_COMMANDS], usage: 'break, b, …', what: 'no breakpoints: the process is gone, nothing will run' },
  { names: [...RUN_COMMANDS], usage: 'step, next, continue, …', what: 'nothing runs: this is a postmortem session' },
];

/** Commands of the `wipeout` command line that someone might ask the debugger about. */
const CLI_COMMANDS = new Set(['load', 'show', 'run', 'env', 'dap']);

/** `help`: the whole list; `help NAME`: the lines of that command. */
export function printHelp(session: Session, arg: string): void {
  const name = arg.trim();
  const line = (entry: HelpEntry) => `  ${session.colors.bold(entry.usage.padEnd(24))} ${entry.what}`;
  if (name === '') {
    session.print(...HELP.map(line));
    return session.print(session.colors.dim('Enter repeats list, up and down. Tab completes names and properties.'));
  }
  const entries = HELP.filter((entry) => entry.names.includes(name));
  if (entries.length > 0) return session.print(...entries.map(line));
  if (CLI_COMMANDS.has(name)) {
    return session.print(`"${name}" is a command of wipeout's command line, not of the debugger: wipeout ${name} --help (in a shell) describes it. help lists the debugger's commands.`);
  }
  session.error(`No debugger command "${name}": help lists them`);
}
