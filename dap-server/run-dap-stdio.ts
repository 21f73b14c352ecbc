import { loadDump, type DumpModel } from '../loader/index.js';
import { runSession } from './run-session.js';
import { terminalSafe } from './terminal-safe.js';

/** Options of `runDapStdio`. */
export interface DapStdioOptions {
  /** The dump; when absent, `launch`/`attach` name it: `{ "dump": "<path|url>", "storageOptions"?: {…}, "identity"?: "<age identity file>" }`. */
  model?: DumpModel | null;
  /** Default process.stdin. */
  input?: NodeJS.ReadableStream;
  /** Default process.stdout: nothing else may write to it while the adapter runs. */
  output?: NodeJS.WritableStream;
  /** Where notes about bad input go. Default process.stderr. */
  stderr?: NodeJS.WritableStream;
  /** Directory relative dump paths start from. Default process.cwd(). */
  cwd?: string;
}

/**
 * The adapter over stdin/stdout, for editors that start it themselves (`wipeout dap`,
 * `wipeout load --dap stdio`). Resolves with exit code 0 when the client disconnects or closes stdin.
 */
export async function runDapStdio(options: DapStdioOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  await runSession({ input, output }, {
    model: options.model ?? null,
    loadModel: (args) => loadNamedDump(args, options.cwd ?? process.cwd()),
    onProblem: (message) => stderr.write(`wipeout: DAP: ${terminalSafe(message)}\n`),
  });
  // A paused stdin no longer keeps the process alive, so the CLI can return.
  input.pause();
  if (input === process.stdin) process.stdin.destroy();
  return 0;
}

/**
 * The stdio adapter as the whole of a process (`wipeout dap`, dist/dap-server/main.js): when the
 * client has gone, the process ends once stdout has taken the last response, so that a dump still
 * loading (a URL that never answers) cannot keep it alive.
 */
export async function runDapStdioProcess(): Promise<void> {
  process.exitCode = await runDapStdio();
  process.stdout.write('', () => process.exit());
}

/** Loads the dump that `launch`/`attach` arguments name. Errors are meant for the user, as they are. */
export function loadNamedDump(args: Record<string, unknown>, cwd: string): Promise<DumpModel> {
  const { dump, storageOptions, identity } = args;
  if (typeof dump !== 'string' || dump.trim() === '') {
    return Promise.reject(new Error(`Expected "dump" in the launch/attach arguments to be the path or URL of a .wipeout file, got ${dump === undefined ? 'nothing' : JSON.stringify(dump)}`));
  }
  if (storageOptions !== undefined && (typeof storageOptions !== 'object' || storageOptions === null || Array.isArray(storageOptions))) {
    return Promise.reject(new Error(`Expected "storageOptions" in the launch/attach arguments to be an object, got ${Array.isArray(storageOptions) ? 'an array' : storageOptions === null ? 'null' : `a ${typeof storageOptions}`}`));
  }
  if (identity !== undefined && (typeof identity !== 'string' || identity.trim() === '')) {
    return Promise.reject(new Error(`Expected "identity" in the launch/attach arguments to be the path of an age identity file, got ${JSON.stringify(identity)}`));
  }
  const base = typeof args.cwd === 'string' && args.cwd ? args.cwd : cwd;
  return loadDump(dump, {
    cwd: base,
    identityHint: '"identity" (the path of an age identity file) in the launch/attach arguments',
    ...(storageOptions ? { storageOptions: storageOptions as Record<string, unknown> } : {}),
    ...(identity !== undefined ? { identity } : {}),
    ...(typeof args.localSources === 'boolean' ? { localSources: args.localSources } : {}),
  });
}
