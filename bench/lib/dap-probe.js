// A minimal DAP client over TCP for one measurement: connect, then initialize → attach →
// configurationDone → threads → stackTrace → scopes → variables, and resolve at the first page of
// variables. Content-Length framing as the DAP specification defines it.
import { connect } from 'node:net';

export function firstVariablesPage(port, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no variables page within the timeout')); }, timeoutMs);
    let seq = 1;
    let buffer = Buffer.alloc(0);
    const pending = new Map();
    const send = (command, args = {}) => new Promise((done, fail) => {
      const id = seq++;
      pending.set(id, (message) => (message.success ? done(message.body ?? {}) : fail(new Error(`${command}: ${message.message}`))));
      const json = JSON.stringify({ seq: id, type: 'request', command, arguments: args });
      socket.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.type === 'response') pending.get(message.request_seq)?.(message);
      }
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
    socket.on('connect', async () => {
      try {
        await send('initialize', { adapterID: 'wipeout', clientID: 'bench', linesStartAt1: true, columnsStartAt1: true });
        await send('attach', {});
        await send('configurationDone').catch(() => {});
        const { threads } = await send('threads');
        const { stackFrames } = await send('stackTrace', { threadId: threads[0].id, startFrame: 0, levels: 20 });
        const { scopes } = await send('scopes', { frameId: stackFrames[0].id });
        const { variables } = await send('variables', { variablesReference: scopes[0].variablesReference });
        clearTimeout(timer);
        socket.end();
        resolve(variables.length);
      } catch (error) {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      }
    });
  });
}
