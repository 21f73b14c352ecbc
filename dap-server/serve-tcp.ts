import { createServer, type Socket } from 'node:net';
import type { DumpModel } from '../loader/index.js';
import { runSession } from './run-session.js';
import { terminalSafe } from './terminal-safe.js';

/** The port `--dap` / `WIPEOUT_DEBUGGER=dap` uses when none is given, as VS Code's examples do. */
export const DEFAULT_PORT = 4711;

/** Options of `serveTcp`. */
export interface ServeTcpOptions {
  /** 0 picks a free port (printed). Default 4711. */
  port?: number;
  /** Default 127.0.0.1: the dump holds the crashed program's data, so it is not served to the network unless asked. */
  host?: string;
  /** Stop after the first client disconnects. */
  once?: boolean;
  /** Stops the server (besides Ctrl-C). */
  signal?: AbortSignal;
  /** Where the listening line goes. Default process.stdout. */
  stdout?: NodeJS.WritableStream;
  /** Where warnings and errors go. Default process.stderr. */
  stderr?: NodeJS.WritableStream;
  /** Called once the server listens, with the port it got. */
  onListening?: (port: number) => void;
}

/**
 * Serves one dump to every DAP client that connects, one after another or at the same time, each
 * in its own session, until Ctrl-C (or the first disconnect with `once`). Resolves with the exit
 * code: 0, or 1 when the port cannot be listened on.
 */
export function serveTcp(model: DumpModel, options: ServeTcpOptions = {}): Promise<number> {
  const { port = DEFAULT_PORT, host = '127.0.0.1', once = false } = options;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const problem = (message: string) => stderr.write(`wipeout: DAP: ${terminalSafe(message)}\n`);
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    let stopped = false;
    const stop = (code: number) => {
      if (stopped) return;
      stopped = true;
      process.removeListener('SIGINT', onSigint);
      options.signal?.removeEventListener('abort', onAbort);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve(code));
    };
    const onSigint = () => stop(0);
    const onAbort = () => stop(0);
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.setNoDelay(true);
      void runSession({ input: socket, output: socket }, {
        model,
        onProblem: problem,
        // Any web page can make a browser send an HTTP request here: only DAP framing is read.
        strict: true,
        onEnd: () => socket.end(),
      }).then(() => {
        sockets.delete(socket);
        if (once) stop(0);
      });
      socket.on('close', () => sockets.delete(socket));
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (stopped) return;
      stopped = true;
      process.removeListener('SIGINT', onSigint);
      options.signal?.removeEventListener('abort', onAbort);
      problem(listenError(error, host, port));
      server.close(() => resolve(1));
    });
    server.listen({ port, host }, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      if (!isLoopback(host)) {
        stderr.write(`wipeout: warning: listening on ${host}, not on loopback: anyone who can reach port ${actual} can read the crash's variables\n`);
      }
      const shown = host.includes(':') ? `[${host}]` : host;
      stdout.write(`wipeout: DAP server for ${model.location} on ${shown}:${actual}: attach a DAP client (VS Code: "type": "wipeout", "request": "attach", "port": ${actual}; nvim-dap: type = 'server', port = ${actual})${once ? '; stops when it disconnects' : '; Ctrl-C to stop'}\n`);
      options.onListening?.(actual);
    });
    process.on('SIGINT', onSigint);
    options.signal?.addEventListener('abort', onAbort);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use: choose another with --dap PORT (or WIPEOUT_DEBUGGER=dap:PORT), or 0 for any free port`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host}: choose a port above 1023 with --dap PORT`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `cannot listen on host ${host}: it is not an address of this machine (--host)`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
