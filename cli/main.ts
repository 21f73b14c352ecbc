#!/usr/bin/env node
import { exitOnError, exitOnOutputError, UsageError } from './exit.js';
import { MAIN_HELP } from './help.js';

// The entry only dispatches: each command parses its own flags (cli/<command>.ts) and is loaded
// on demand, so `wipeout show` never loads the REPL or the DAP server.
type Command = (argv: string[]) => Promise<void>;
const commands: Record<string, () => Promise<Command>> = {
  show: async () => (await import('./show.js')).show,
  load: async () => (await import('./load.js')).load,
  run: async () => (await import('./run.js')).run,
  list: async () => (await import('./list.js')).list,
  dap: async () => (await import('./dap.js')).dap,
  env: async () => (await import('./env.js')).env,
};

const [command, ...rest] = process.argv.slice(2);
// Commands end by returning, never by process.exit() after printing: a write that fails (a full
// disk) is reported only once stdout has tried it.
process.stdout.on('error', exitOnOutputError);
try {
  if (command === undefined) {
    // A usage mistake: the help goes where errors go, so that `wipeout | less` shows nothing wrong.
    process.stderr.write(`${MAIN_HELP}\n`);
    process.exitCode = 2;
  } else if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${MAIN_HELP}\n`);
  } else if (command === '--version' || command === '-v') {
    const { version } = (await import('./version.js'));
    process.stdout.write(`${version}\n`);
  } else {
    // The AWS SDK warns about Node 20 when a command reads s3://: noise for someone reading a dump.
    // Not for `run`, whose script must see the environment it was given.
    if (command !== 'run') process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const entry = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!entry) throw new UsageError(`Unknown command "${command}": expected show, load, run, list, dap or env`);
    await (await entry())(rest);
  }
} catch (error) {
  exitOnError(error);
}
