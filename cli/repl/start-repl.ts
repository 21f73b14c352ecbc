import { homedir } from 'node:os';
import { join } from 'node:path';
import repl from 'node:repl';
import type { DumpModel } from '../../loader/index.js';
import { COMMANDS, REPEATABLE, printBanner } from './commands.js';
import { printExpression } from './evaluate-text.js';
import { BREAKPOINT_COMMANDS, NO_BREAKPOINTS, POSTMORTEM, RUN_COMMANDS } from './postmortem.js';
import { complete } from './complete.js';
import { Session } from './session.js';

/** Options of `startRepl`. */
export interface ReplOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where history is kept on a terminal. Default `WIPEOUT_HISTORY`, else ~/.wipeout_history. */
  historyFile?: string;
}

/**
 * The terminal debugger: a `(wipeout)` prompt in the style of pdb and `node inspect`, over the
 * loader's model. Resolves when the user quits (or stdin ends).
 */
export function startRepl(model: DumpModel, options: ReplOptions): Promise<void> {
  const session = new Session(model, options.output);
  const terminal = Boolean(options.input.isTTY && options.output.isTTY);
  printBanner(session);
  return new Promise((resolve) => {
    const server = repl.start({
      prompt: '(wipeout) ',
      input: options.input,
      output: options.output,
      terminal,
      useColors: session.colors.enabled,
      ignoreUndefined: true,
      preview: false,
      completer: (line: string) => complete(session, line),
      eval: (line, _context, _file, callback) => {
        try {
          run(session, line, () => server.close());
        } catch (error) {
          // A bug of ours must not end the session: say it in one line and keep the prompt.
          session.error(`wipeout: ${(error as Error)?.message ?? String(error)}`);
        }
        callback(null, undefined);
      },
    });
    // node:repl's own dot-commands (.load, .save, .editor) make no sense here.
    for (const name of ['load', 'save', 'editor', 'clear', 'break']) delete (server.commands as Record<string, unknown>)[name];
    if (terminal) {
      const history = options.historyFile ?? process.env.WIPEOUT_HISTORY ?? join(homedir(), '.wipeout_history');
      server.setupHistory(history, () => {});
    }
    server.on('exit', () => {
      model.close();
      resolve();
    });
  });
}

/** `b 12`, `break app.js:12`, `b fn, x > 1`: a location, perhaps a condition; `b = 2` is an assignment. */
const BREAKPOINT_ARGS = /^(?:[\w$.\/\\@-]+(?::\d+)?(?:\s*,.*)?)?$/;

/** Runs one line: a command, or else an expression in the current frame. An empty line repeats `list`, `up` or `down`. */
function run(session: Session, line: string, quit: () => void): void {
  const text = line.trim() || session.lastCommand || '';
  session.lastCommand = undefined;
  if (text === '') return;
  if (text.startsWith('!')) return printExpression(session, text.slice(1), false);
  const [, word = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  if (word === 'quit' || word === 'q' || word === 'exit') return quit();
  // A command is a whole first word: `this.x` or `p.y` are expressions. `!l` forces an expression
  // when a variable has a command's name, as in pdb.
  const handler = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
  if (handler) {
    // `list 40` repeats as `list`: the next page.
    if (REPEATABLE.has(word)) session.lastCommand = word === 'list' || word === 'l' ? word : text;
    return handler(session, rest);
  }
  if (RUN_COMMANDS.has(word) && rest === '') return session.print(POSTMORTEM);
  if (BREAKPOINT_COMMANDS.has(word) && BREAKPOINT_ARGS.test(rest)) return session.print(NO_BREAKPOINTS);
  printExpression(session, text, false);
}
