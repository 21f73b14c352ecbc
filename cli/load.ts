import { DebuggerSpecError, parseDebuggerSpec, type DebuggerSpec } from '../loader/index.js';
import { CliError, UsageError } from './exit.js';
import { openDebugger, type DapOptions } from './open-debugger.js';
import { openModel } from './open-model.js';
import { parseFlags } from './parse-flags.js';
import { readStorageOptions } from './read-storage-options.js';

const HELP = `
  Usage
    $ wipeout load [--file] <file|url> [options]

  Opens a saved crash in a debugger: the terminal one by default, which takes pdb's commands
  (bt, up, down, list, p, pp, whatis, display, …); help at its prompt lists them.

  Options
    --file <file|url>         The dump (a path, ~/…, file://, s3://, az://, sftp://, http(s)://)
    --debugger <spec>         repl, dap, dap:PORT, dap:HOST:PORT, dap:stdio, inspect,
                              inspect:PORT, inspect:HOST:PORT, 0 (summary only),
                              or a module (./file.js, pkg, pkg#export); else WIPEOUT_DEBUGGER
    --dap <port|stdio>        Serve the dump to a DAP client (same as --debugger dap:PORT)
    --inspect [host:]<port>   Serve the dump as a Node inspector target, paused at the crash,
                              for Chrome DevTools, VS Code and WebStorm (default port 9229)
    --host <host>             Address the DAP or inspector server binds (default 127.0.0.1)
    --once                    Stop the server after the first client leaves
    --storage-options <json>  Options for the storage driver of a URL; else WIPEOUT_STORAGE_OPTIONS
    --identity <file>         age identity file for an encrypted dump; else WIPEOUT_IDENTITY
    --local-sources           Compare sources with the local files the dump names (and show
                              a matching file); else WIPEOUT_LOCAL_SOURCES=1. Off by default
`;

/** `wipeout load [--file] <path|url> [--storage-options json] [--debugger spec] [--dap …]`. */
export async function load(argv: string[]): Promise<void> {
  const cli = parseFlags('load', argv, HELP, {
    file: { type: 'string' },
    debugger: { type: 'string' },
    dap: { type: 'string' },
    inspect: { type: 'string' },
    host: { type: 'string' },
    once: { type: 'boolean' },
    storageOptions: { type: 'string' },
    identity: { type: 'string' },
    localSources: { type: 'boolean' },
  }, { valueOptional: ['dap', 'inspect'] }); // `--dap` or `--inspect` alone: the default port
  if (!cli) return; // --help: printed
  const locations = [...(cli.flags.file !== undefined ? [cli.flags.file] : []), ...cli.input];
  if (locations.length !== 1) {
    throw new UsageError(`Expected one dump file or URL (positional or --file), got ${locations.length}`, 'wipeout load --help');
  }
  if (locations[0] === '') throw new UsageError('Expected a dump file or URL, got an empty argument', 'wipeout load --help');
  if (cli.flags.dap !== undefined && cli.flags.inspect !== undefined) {
    throw new UsageError('--dap and --inspect each start a server: choose one', 'wipeout load --help');
  }
  const spec = chooseDebugger(cli.flags.debugger, cli.flags.dap, cli.flags.inspect);
  const dap: DapOptions = {};
  if (cli.flags.host !== undefined) dap.host = cli.flags.host;
  if (cli.flags.once) dap.once = true;
  if ((cli.flags.host !== undefined || cli.flags.once) && !((spec.kind === 'dap' && !spec.stdio) || spec.kind === 'inspect')) {
    throw new UsageError('--host and --once are options of a server on a port: use them with --dap PORT, --inspect PORT or --debugger dap|inspect', 'wipeout load --help');
  }
  const model = await openModel(locations[0]!, readStorageOptions(cli.flags.storageOptions), cli.flags.identity, cli.flags.localSources);
  await openDebugger(model, spec, dap);
}

/** `--dap` and `--inspect` beat `--debugger`, which beats `WIPEOUT_DEBUGGER`, like PYTHONBREAKPOINT. */
export function chooseDebugger(flag: string | undefined, dapFlag?: string, inspectFlag?: string): DebuggerSpec {
  try {
    if (dapFlag !== undefined) return parseDebuggerSpec(dapFlag === '' ? 'dap' : `dap:${dapFlag}`);
    if (inspectFlag !== undefined) return parseDebuggerSpec(inspectFlag === '' ? 'inspect' : `inspect:${inspectFlag}`);
    return parseDebuggerSpec(flag ?? process.env.WIPEOUT_DEBUGGER);
  } catch (error) {
    if (error instanceof DebuggerSpecError) {
      // Issue 4: an unknown debugger is one clear message and exit 1, never a silent fallback.
      const source = dapFlag !== undefined ? '--dap' : inspectFlag !== undefined ? '--inspect' : flag !== undefined ? '--debugger' : 'WIPEOUT_DEBUGGER';
      throw new CliError(`${error.message} (from ${source})`);
    }
    throw error;
  }
}
