#!/usr/bin/env node
import { exitOnError, UsageError } from './exit.js';
import { MAIN_HELP } from './help.js';

// The entry only dispatches: each command parses its own flags (cli/<command>.ts) and is loaded
// on demand, so `wipeout show` never loads the REPL or the DAP server.
const commands: Record<string, () => Promise<{ default: (argv: string[]) => Promise<void> }>> = {
  show: () => import('./show.js'),
  load: () => import('./load.js'),
  run: () => import('./run.js'),
  list: () => import('./list.js'),
};

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${MAIN_HELP}\n`);
    process.exit(command === undefined ? 2 : 0);
  }
  if (command === '--version' || command === '-v') {
    const { version } = (await import('./version.js'));
    process.stdout.write(`${version}\n`);
    process.exit(0);
  }
  const load = commands[command];
  if (!load) throw new UsageError(`Unknown command "${command}": expected show, load, run or list`);
  await (await load()).default(rest);
} catch (error) {
  exitOnError(error);
}
