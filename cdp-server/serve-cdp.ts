import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
// `ws` is imported although requiring it would load it in half the time (Node's ES module loader
// scans each CommonJS file for exports first): required, VS Code's js-debug failed to attach in
// test/editors/code-server.test.js, for a reason not yet found (docs/PERFORMANCE.md).
import { WebSocketServer, type WebSocket } from 'ws';
import type { DumpModel } from '../loader/index.js';
import { CdpSession } from './cdp-session.js';
import { authority, describeTarget, devtoolsUrl, versionInfo } from './discovery.js';
import { isAllowedHost, isAllowedOrigin, originOf } from './request-checks.js';

/** The port `--inspect` uses when none is given: Node's. */
export const DEFAULT_INSPECT_PORT = 9229;

/**
 * The largest message a client may send. DevTools' and js-debug's biggest are function
 * declarations for `Runtime.callFunctionOn` (a few kB); a megabyte leaves room and bounds memory.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Options of `serveCdp`. */
export interface ServeCdpOptions {
  /** 0 picks a free port (printed). Default 9229, as `node --inspect`. */
  port?: number;
  /** Default 127.0.0.1: the dump holds the crashed program's data, so it is not served to the network unless asked. */
  host?: string;
  /** Stop after the first client disconnects. */
  once?: boolean;
  /** Stops the server (besides Ctrl-C). */
  signal?: AbortSignal;
  /** Where the listening lines go. Default process.stdout. */
  stdout?: NodeJS.WritableStream;
  /** Where warnings go. Default process.stderr. */
  stderr?: NodeJS.WritableStream;
}

/**
 * Serves one dump as a Node inspector target, paused forever at the crash: the discovery endpoints
 * over HTTP and one CDP session per WebSocket, until Ctrl-C (or the first disconnect with `once`).
 * Resolves with the exit code: 0, or 1 when the port cannot be listened on.
 */
export function serveCdp(model: DumpModel, options: ServeCdpOptions = {}): Promise<number> {
  const { port = DEFAULT_INSPECT_PORT, host = '127.0.0.1', once = false } = options;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // A random id in the path, as Node's: a page that guesses the port still cannot guess the socket.
  // One target for the crash, then one for each cause whose throw site was captured (as DAP's threads).
  const targets = model.threads.map((thread) => ({ thread, id: randomUUID() }));
  const id = targets[0]!.id;
  let actualPort = port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const http = createServer((request, response) => answerHttp(request, response));

  function answerHttp(request: IncomingMessage, response: ServerResponse): void {
    if (!isAllowedHost(request.headers.host, actualPort, host)) {
      send(response, 403, `Refused: the Host header ${JSON.stringify(request.headers.host ?? '')} is not localhost, 127.0.0.1 or [::1] (with port ${actualPort} or none)`);
      return;
    }
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    // Clients name the authority they reached us by, so that the URLs we hand back work for them.
    const shownHost = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1') || host;
    if (path === '/json' || path === '/json/list') return json(response, targets.map((target) => describeTarget(model, shownHost, actualPort, target.id, target.thread)));
    if (path === '/json/version') return json(response, versionInfo(model));
    send(response, 404, `Unknown path ${JSON.stringify(path)}: this inspector answers /json, /json/list and /json/version`);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Forbidden'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(why)}\r\nConnection: close\r\n\r\n${why}`);
    };
    if (!isAllowedHost(request.headers.host, actualPort, host)) return refuse(403, 'Refused: the Host header is not this machine');
    if (!isAllowedOrigin(originOf(request))) return refuse(403, `Refused: WebSocket connections from ${originOf(request)} are not allowed`);
    const target = targets.find((candidate) => (request.url ?? '').split('?')[0] === `/${candidate.id}`);
    if (!target) return refuse(404, 'Unknown target: take webSocketDebuggerUrl from /json/list');
    wss.handleUpgrade(request, socket, head, (ws) => connect(ws, target.thread.id));
  }

  const sockets = new Set<WebSocket>();
  let stop: (code: number) => void = () => {};
  function connect(ws: WebSocket, threadId: number): void {
    sockets.add(ws);
    const session = new CdpSession(model, (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    }, threadId);
    ws.on('message', (data, isBinary) => session.receive(isBinary ? null : data.toString()));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      sockets.delete(ws);
      if (once) stop(0);
    });
  }

  return new Promise((resolve) => {
    let stopped = false;
    const onSigint = () => stop(0);
    stop = (code: number) => {
      if (stopped) return;
      stopped = true;
      process.removeListener('SIGINT', onSigint);
      options.signal?.removeEventListener('abort', onSigint);
      for (const ws of sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      http.close(() => resolve(code));
    };
    http.on('upgrade', upgrade);
    http.on('clientError', (_error, socket) => socket.destroy());
    http.on('error', (error: NodeJS.ErrnoException) => {
      stderr.write(`wipeout: inspector: ${listenError(error, host, port)}\n`);
      stop(1);
    });
    http.listen({ port, host }, () => {
      const address = http.address();
      actualPort = typeof address === 'object' && address ? address.port : port;
      if (!isLoopback(host)) {
        stderr.write(`wipeout: warning: listening on ${host}, not on loopback: anyone who can reach port ${actualPort} can read the crash's variables\n`);
      }
      stdout.write(listeningLines(model, host, actualPort, id, once));
    });
    process.on('SIGINT', onSigint);
    options.signal?.addEventListener('abort', onSigint);
  });
}

/** What `node --inspect` prints, plus how each editor attaches. */
function listeningLines(model: DumpModel, host: string, port: number, id: string, once: boolean): string {
  const shown = authority(host, port);
  return [
    `wipeout: inspector for ${model.location} on ws://${shown}/${id}: paused at the crash${once ? '; stops when the client disconnects' : '; Ctrl-C to stop'}`,
    `  Chrome DevTools: open ${devtoolsUrl(host, port, id).replace('experiments=true&v8only=true&', '')} (or chrome://inspect)`,
    `  VS Code (launch.json): { "type": "node", "request": "attach", "name": "wipeout crash", "address": "${host}", "port": ${port} }`,
    `  WebStorm: Run > Attach to Node.js/Chrome, host ${host}, port ${port}`,
    ...(model.threads.length > 1 ? [`  Where its ${model.threads.length - 1 === 1 ? 'cause was' : `${model.threads.length - 1} causes were`} thrown: more targets in http://${shown}/json/list (chrome://inspect lists them)`] : []),
    '',
  ].join('\n');
}

function json(response: ServerResponse, body: unknown): void {
  // chrome://inspect lists a target only when the answer carries Content-Length.
  const text = JSON.stringify(body, null, 2);
  response.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use: choose another with --inspect PORT (or WIPEOUT_DEBUGGER=inspect:PORT), or 0 for any free port`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host}: choose a port above 1023 with --inspect PORT`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `cannot listen on host ${host}: it is not an address of this machine`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
