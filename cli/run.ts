import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import spawn from 'cross-spawn';
import { parseDebuggerSpec, whyNotRegularFile, type DebuggerSpec } from '../loader/index.js';
import { CliError, UsageError } from './exit.js';
import { chooseDebugger } from './load.js';
import { openDebugger, resolveDebuggerModule } from './open-debugger.js';
import { openModel } from './open-model.js';
import { parseFlags } from './parse-flags.js';
import { KEPT_RUN_DUMPS, pruneRunDumps, removeIfEmpty, runDumpsFolder } from './run-dumps.js';
import { typeScriptArgs } from './typescript-args.js';

const HELP = `
  Usage
    $ wipeout run [--debugger <spec>] <script> [args…]

  Runs a script with the crash hook, as \`node script [args…]\` would. On a crash, opens the debugger:
  --debugger, else WIPEOUT_DEBUGGER, else the terminal one when stdin is a terminal, else the summary.
  The summary and the terminal debugger write to stderr: stdout stays the script's own. Exits with
  the script's exit code. TypeScript (.ts, .mts, .cts) runs through Node's type stripping
  where available, else tsx.

  The crash is saved in one folder per user under the OS temp directory (wipeout-runs-<uid>), which
  keeps the newest ${KEPT_RUN_DUMPS} dumps; the hook's line says where each one went.
`;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
const VALUE_FLAGS = new Set(['--debugger']);

/** `wipeout run script [args…]`. */
export async function run(argv: string[]): Promise<void> {
  // Only the options before the script are ours; everything after belongs to the script.
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith('-')) at += VALUE_FLAGS.has(argv[at]!) ? 2 : 1;
  const cli = parseFlags('run', argv.slice(0, at), HELP, { debugger: { type: 'string' } });
  if (!cli) return; // --help: printed
  const script = argv[at];
  if (script === undefined) throw new UsageError('Expected a script after `wipeout run`', 'wipeout run --help');
  // Else Node's own "module not found" (or "directory import") would be saved and opened as if it
  // were the script's crash. Any regular file goes to Node, which decides whether it can run it.
  const why = await whyNotRegularFile(script);
  if (why !== undefined) throw new CliError(`Cannot run ${script}: ${why}`);
  const spec = chooseDebugger(cli.flags.debugger);
  const explicit = cli.flags.debugger !== undefined || Boolean(process.env.WIPEOUT_DEBUGGER);
  // A debugger module that cannot be found is said now, not after the script has run and crashed.
  if (explicit && spec.kind === 'module') resolveDebuggerModule(spec.specifier);

  // Before any folder exists: a TypeScript script this Node cannot run leaves nothing behind.
  const nodeArgs = typeScriptArgs(script);
  const { folder, shared } = runDumpsFolder();
  // The run's own token in the name tells its dump from other runs' in the shared folder.
  const token = randomBytes(4).toString('hex');
  const preload = new URL('../register/preload.js', import.meta.url).href;
  const child = spawn(process.execPath, [...nodeArgs, '--import', preload, script, ...argv.slice(at + 1)], {
    stdio: 'inherit',
    env: { ...process.env, WIPEOUT_FILE: join(folder, `{name}-{pid}-${token}.wipeout`) },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  });
  for (const s of SIGNALS) process.off(s, forward);

  const dump = readdirSync(folder).find((name) => name.endsWith(`-${token}.wipeout`));
  if (shared) pruneRunDumps(folder);
  else if (!dump) removeIfEmpty(folder);
  if (dump) {
    // The dump was written a moment ago by the user's own program: its files are the user's.
    const model = await openModel(join(folder, dump), undefined, undefined, true);
    const chosen: DebuggerSpec = explicit ? spec : process.stdin.isTTY ? { kind: 'repl' } : parseDebuggerSpec('0');
    // The program's stdout is its own (`wipeout run gen.js > data.json`): ours goes to stderr.
    await openDebugger(model, chosen, {}, process.stderr);
  }
  if (signal) {
    // Die of the same signal, so that our parent sees what it would have seen without wipeout.
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}
