// A minimal CDP client for one measurement: find the target through /json/list (retrying until the
// inspector listens), then Runtime.enable → Debugger.enable → (Debugger.paused) → getProperties on
// the top frame's first scope, as DevTools and js-debug do on attach. Resolves with the ms since
// `start` at the paused event and at the first scope page.
import WebSocket from 'ws';

export async function firstPausedAndScope(port, start, { timeoutMs = 60_000 } = {}) {
  const deadline = start + timeoutMs;
  let target;
  while (!target) {
    if (performance.now() > deadline) throw new Error('the inspector did not answer /json/list in time');
    try {
      [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  try {
    const pending = new Map();
    let paused;
    const pausedSeen = new Promise((resolve) => { paused = resolve; });
    let id = 0;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === 'Debugger.paused') paused({ at: performance.now(), params: message.params });
      else pending.get(message.id)?.(message);
    });
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const call = (method, params = {}) => new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
    await call('Runtime.enable');
    await call('Debugger.enable');
    const { at, params } = await pausedSeen;
    const answer = await call('Runtime.getProperties', { objectId: params.callFrames[0].scopeChain[0].object.objectId, ownProperties: true, generatePreview: true });
    if (answer.error) throw new Error(`getProperties: ${answer.error.message}`);
    return { paused: at - start, scope: performance.now() - start };
  } finally {
    ws.terminate();
  }
}
