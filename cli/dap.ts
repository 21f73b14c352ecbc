/** `wipeout dap`: the DAP adapter over stdio; the client's launch or attach arguments name the dump. */
export async function dap(_argv: string[]): Promise<void> {
  const { runDapStdio } = await import('../dap-server/index.js');
  process.exitCode = await runDapStdio();
}
