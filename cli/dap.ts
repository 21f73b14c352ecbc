import { UsageError } from './exit.js';
import { parseFlags } from './parse-flags.js';

const HELP = `
  Usage
    $ wipeout dap

  A Debug Adapter Protocol adapter on stdin/stdout, for editors that start the adapter themselves.
  The client's launch or attach arguments name the dump: { "dump": "crash.wipeout" }, with
  "storageOptions" and "identity" when needed. To serve one dump on a port instead, use
  \`wipeout load <dump> --dap <port>\`.
`;

/** `wipeout dap`: the DAP adapter over stdio; the client's launch or attach arguments name the dump. */
export async function dap(argv: string[]): Promise<void> {
  const cli = parseFlags('dap', argv, HELP, {});
  if (!cli) return; // --help: printed
  if (cli.input.length > 0) {
    throw new UsageError(`\`wipeout dap\` takes no dump: the client's launch arguments name it (or use \`wipeout load ${cli.input[0]} --dap <port>\`)`, 'wipeout dap --help');
  }
  const { runDapStdioProcess } = await import('../dap-server/index.js');
  await runDapStdioProcess();
}
