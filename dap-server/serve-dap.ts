import type { DumpModel } from '../loader/index.js';
import { runDapStdio } from './run-dap-stdio.js';
import { serveTcp } from './serve-tcp.js';

/** Options of `serveDap`, as `wipeout load --dap …` and `WIPEOUT_DEBUGGER=dap…` set them. */
export interface ServeDapOptions {
  /** TCP port; default 4711; 0 picks a free one. Ignored with `stdio`. */
  port?: number;
  /** Address to bind; default 127.0.0.1. Anything else prints a warning. */
  host?: string;
  /** Serve one client over stdin/stdout instead of TCP. */
  stdio?: boolean;
  /** TCP: stop after the first client disconnects. */
  once?: boolean;
}

/**
 * Serves a dump over the Debug Adapter Protocol and resolves with the exit code (0, or 1 when the
 * port cannot be listened on). Over stdio the model may be `null`: the client's `launch`/`attach`
 * then names the dump (`{ "dump": "<path|url>" }`).
 */
export function serveDap(model: DumpModel | null, options: ServeDapOptions = {}): Promise<number> {
  if (options.stdio) return runDapStdio({ model });
  if (!model) return Promise.reject(new TypeError('Expected a loaded dump for the DAP server over TCP, got none (only stdio loads the dump named by launch)'));
  const tcp: Parameters<typeof serveTcp>[1] = {};
  if (options.port !== undefined) tcp.port = options.port;
  if (options.host !== undefined) tcp.host = options.host;
  if (options.once) tcp.once = true;
  return serveTcp(model, tcp);
}
