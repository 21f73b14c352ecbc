// Starts the inspector as users do (`wipeout load --file DUMP --inspect 0`) and speaks CDP to it
// with the `ws` package, the way DevTools and js-debug connect to `node --inspect`.
import WebSocket from 'ws';
import { CLI, spawnNode, within } from './dap-server.js';

export { within };

/**
 * `wipeout load --file <dump> --inspect 0 [...extra]`: resolves once it prints its listening
 * line, with the port and the WebSocket URL. `stop()` sends SIGINT (Ctrl-C) and resolves with the exit.
 */
export async function startInspector(dump, extra = [], options = {}) {
  const run = spawnNode([CLI, 'load', '--file', dump, '--inspect', '0', ...extra], options);
  const url = await within(new Promise((resolve, reject) => {
    run.child.stdout.on('data', (chunk) => {
      run.out.stdout += chunk.toString('utf8');
      const match = /on (ws:\/\/\S+?):? paused/.exec(run.out.stdout);
      if (match) resolve(match[1]);
    });
    run.exited.then(({ code }) => reject(new Error(`the inspector exited (${code}) before listening: ${run.out.stderr}`)));
  }), 'listening line');
  const port = Number(/:(\d+)\//.exec(url)[1]);
  return {
    ...run,
    url,
    port,
    http: `http://127.0.0.1:${port}`,
    async stop() {
      run.child.kill('SIGINT');
      return within(run.exited, 'inspector exit');
    },
  };
}

/**
 * A CDP client over one WebSocket: `call(method, params)` resolves with the whole answer
 * (`{ id, result }` or `{ id, error }`); `event(method, where?)` with the first such event (that `where` accepts), past or future.
 */
export async function connectCdp(url, options = {}) {
  const ws = new WebSocket(url, options);
  const pending = new Map();
  const events = [];
  const waiters = [];
  let id = 0;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
      return;
    }
    events.push(message);
    for (const waiter of [...waiters]) if (waiter.method === message.method && waiter.where(message.params)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message.params);
    }
  });
  await within(new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) => reject(new Error(`refused with HTTP ${response.statusCode}`)));
  }), 'WebSocket open');
  return {
    ws,
    events,
    call(method, params = {}) {
      const mine = ++id;
      const answer = new Promise((resolve) => pending.set(mine, resolve));
      ws.send(JSON.stringify({ id: mine, method, params }));
      return within(answer, `answer to ${method}`);
    },
    event(method, where = () => true) {
      const seen = events.find((message) => message.method === method && where(message.params));
      if (seen) return Promise.resolve(seen.params);
      return within(new Promise((resolve) => waiters.push({ method, where, resolve })), `${method} event`);
    },
    close() {
      ws.terminate();
    },
  };
}

/**
 * The requests DevTools and js-debug send on attach, in their order: Runtime.enable,
 * Debugger.enable (scripts, then the pause), the no-op settings, Runtime.runIfWaitingForDebugger.
 * Resolves with the paused event and every scriptParsed.
 */
export async function attach(client) {
  await client.call('Runtime.enable');
  await client.call('Debugger.enable', { maxScriptsCacheSize: 100_000_000 });
  for (const [method, params] of [
    ['Debugger.setPauseOnExceptions', { state: 'uncaught' }],
    ['Debugger.setAsyncCallStackDepth', { maxDepth: 32 }],
    ['Debugger.setBlackboxPatterns', { patterns: ['/node_modules/'] }],
    ['Profiler.enable', {}],
    ['Runtime.runIfWaitingForDebugger', {}],
  ]) {
    const answer = await client.call(method, params);
    if (answer.error) throw new Error(`${method} failed: ${answer.error.message}`);
  }
  const paused = await client.event('Debugger.paused');
  return { paused, scripts: client.events.filter((e) => e.method === 'Debugger.scriptParsed').map((e) => e.params) };
}

/** Own properties of an object id as `{ name: RemoteObject }`. */
export async function propertiesByName(client, objectId) {
  const { result } = await client.call('Runtime.getProperties', { objectId, ownProperties: true, generatePreview: true });
  return Object.fromEntries(result.result.map((p) => [p.name, p.value ?? p]));
}
