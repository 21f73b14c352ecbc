// Starts the DAP server as users do (`wipeout load --dap 0`, `--dap stdio`) and drives it with
// DebugClient from @vscode/debugadapter-testsupport, the client vscode-mock-debug tests with.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const ADAPTER_MAIN = fileURLToPath(new URL('../../dist/dap-server/main.js', import.meta.url));
/** Its CommonJS entry, which the VS Code extension starts. */
export const ADAPTER_CJS = fileURLToPath(new URL('../../dist/dap-server/main.cjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/dap/', import.meta.url));
export const GOLDEN = fileURLToPath(new URL('../fixtures/dumps/', import.meta.url));

/** Fails a wait that would otherwise hang the test (DebugClient has no timeouts over TCP). */
export function within(promise, what, ms = 15_000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a node child with the test runner's environment minus anything wipeout or ava would read. */
export function spawnNode(args, { env = {}, cwd } = {}) {
  const clean = { ...process.env };
  for (const name of Object.keys(clean)) if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS' || name.startsWith('AVA')) delete clean[name];
  const child = spawn(process.execPath, args, { env: { ...clean, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  // stdout stays bytes: over stdio it carries DAP frames, whose lengths count bytes.
  child.stderr.setEncoding('utf8').on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out, exited };
}

/**
 * `wipeout load --file <dump> --dap 0 [...extra]`: resolves once it prints its listening line, with
 * the port it chose. `stop()` sends SIGINT (Ctrl-C) and resolves with the exit.
 */
export async function startServer(dump, extra = [], options = {}) {
  const run = spawnNode([CLI, 'load', '--file', dump, '--dap', '0', ...extra], options);
  const port = await within(new Promise((resolve, reject) => {
    run.child.stdout.on('data', (chunk) => {
      run.out.stdout += chunk.toString('utf8');
      const match = /on \[?[\w.:]+?\]?:(\d+):/.exec(run.out.stdout);
      if (match) resolve(Number(match[1]));
    });
    run.exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening: ${run.out.stderr}`)));
  }), 'listening line');
  return {
    ...run,
    port,
    async stop() {
      run.child.kill('SIGINT');
      return within(run.exited, 'server exit');
    },
  };
}

/**
 * How long the client waits for an event (DebugClient's default is 5 s): a bound against a hang,
 * not a measure. An adapter that starts, decrypts and loads a dump on a busy 2-core machine (a full
 * suite with headless Chromium beside it) once took longer than 5 s.
 */
const CLIENT_TIMEOUT_MS = 20_000;

/** A DebugClient connected to a server over TCP. */
export async function connect(port) {
  const dc = new DebugClient('node', '', 'wipeout');
  dc.defaultTimeout = CLIENT_TIMEOUT_MS;
  await within(dc.start(port), 'connection');
  return dc;
}

/**
 * Disconnects a client if the server has not closed it yet. DebugClient.stop() waits forever for
 * the disconnect response on a connection the server already closed.
 */
export async function closeClient(dc) {
  const socket = dc._socket;
  if (!socket || socket.destroyed || socket.readyState !== 'open') {
    socket?.destroy();
    return;
  }
  await Promise.race([dc.stop(), new Promise((resolve) => socket.once('close', resolve))]);
  socket.destroy();
}

/**
 * A DebugClient speaking to `node <args>` over its stdin/stdout, as editors run `wipeout dap`.
 * `exited` resolves with the adapter's exit.
 */
export function connectStdio(args, options = {}) {
  const run = spawnNode(args, options);
  const dc = new DebugClient('node', '', 'wipeout');
  dc.defaultTimeout = CLIENT_TIMEOUT_MS;
  dc.connect(run.child.stdout, run.child.stdin);
  return { dc, ...run };
}

/**
 * initialize → (initialized) → attach or launch → configurationDone → (stopped), registering every
 * wait before the request that triggers it. Resolves with the responses and the stopped event.
 */
export async function attachAndStop(dc, { request = 'attach', args = {}, configurationFirst = false } = {}) {
  const initialized = dc.waitForEvent('initialized');
  const stopped = dc.waitForEvent('stopped');
  const output = dc.waitForEvent('output');
  const initialize = await within(dc.initializeRequest(), 'initialize response');
  await within(initialized, 'initialized event');
  let attach;
  if (configurationFirst) {
    await within(dc.configurationDoneRequest(), 'configurationDone response');
    attach = await within(dc.send(request, args), `${request} response`);
  } else {
    attach = await within(dc.send(request, args), `${request} response`);
    await within(dc.configurationDoneRequest(), 'configurationDone response');
  }
  return { initialize, attach, stopped: await within(stopped, 'stopped event'), output: await within(output, 'output event') };
}

/**
 * Serves `dumpPath`, attaches a client, and runs `use(dc, frameId)` with the id of the stack's frame
 * `frameIndex`; the client and server are closed afterwards, whatever happens.
 */
export async function withStoppedSession(dumpPath, frameIndex, use) {
  const server = await startServer(dumpPath);
  const dc = await connect(server.port);
  try {
    const { stopped } = await attachAndStop(dc);
    const { body } = await within(dc.stackTraceRequest({ threadId: stopped.body.threadId }), 'stack');
    return await use(dc, body.stackFrames[frameIndex].id);
  } finally {
    await closeClient(dc);
    await server.stop();
  }
}

/** The error message of a request that must fail (and fails the test if it succeeds). */
export async function errorOf(promise) {
  try {
    await within(promise, 'response');
  } catch (error) {
    return error.message;
  }
  throw new Error('expected an error response, got success');
}

/** The whole response to a request, failed or not (DebugClient keeps only a failure's message). */
export function responseOf(dc, command, args) {
  return within(new Promise((resolve) => dc.doSend(command, args, resolve)), `${command} response`);
}

/** Variables of a reference, by name. */
export async function variablesByName(dc, variablesReference, extra = {}) {
  const { body } = await within(dc.variablesRequest({ variablesReference, ...extra }), 'variables response');
  return Object.fromEntries(body.variables.map((v) => [v.name, v]));
}
