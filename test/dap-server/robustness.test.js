// What a saved crash refuses, and what no client can do to the server: stepping, garbage on the
// socket, malformed requests, several clients, a port in use.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect as rawConnect, createServer } from 'node:net';
import test from 'ava';
import { sampleDump, sha256, writeDump } from '../helpers/make-dump.js';
import { attachAndStop, closeClient, connect, errorOf, startServer, within } from '../helpers/dap-server.js';
import { modelFromDump } from '../../dist/loader/index.js';
import { serveTcp } from '../../dist/dap-server/index.js';

const dump = writeDump(sampleDump());
let server;
test.before(async () => {
  server = await startServer(dump);
});
test.after.always(async () => {
  await server?.stop();
});

async function stoppedClient(t, port = server.port) {
  const dc = await connect(port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  return dc;
}

/** Sends raw bytes and collects what comes back until `until` matches (or the socket closes). */
async function raw(port, chunks, until) {
  const socket = rawConnect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  const done = new Promise((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk;
      if (until.test(received)) resolve();
    });
    socket.on('close', resolve);
  });
  for (const chunk of chunks) socket.write(chunk);
  await within(done, `a reply matching ${until}`);
  socket.destroy();
  return received;
}

const frame = (message) => {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
};

for (const [command, args] of [
  ['continue', { threadId: 1 }],
  ['next', { threadId: 1 }],
  ['stepIn', { threadId: 1 }],
  ['stepOut', { threadId: 1 }],
  ['stepBack', { threadId: 1 }],
  ['pause', { threadId: 1 }],
  ['restart', {}],
  ['goto', { threadId: 1, targetId: 1 }],
]) {
  test(`${command} is refused with a message, and the client is told again that the thread is stopped`, async (t) => {
    const dc = await stoppedClient(t);
    const again = dc.waitForEvent('stopped');
    const message = await errorOf(dc.send(command, args));
    t.regex(message, /this is a saved crash; nothing can run/i);
    const event = await within(again, 'stopped event');
    t.like(event.body, { reason: 'exception', threadId: 1, preserveFocusHint: true });
    const { body } = await dc.stackTraceRequest({ threadId: 1 });
    t.is(body.stackFrames[0].name, 'Order.total', 'the session still serves the crash');
  });
}

test('breakpoints are answered unverified with a message; exception breakpoints are accepted', async (t) => {
  const dc = await stoppedClient(t);
  const { body } = await dc.setBreakpointsRequest({ source: { path: '/app/app.js' }, breakpoints: [{ line: 3 }, { line: 5 }] });
  t.is(body.breakpoints.length, 2);
  for (const bp of body.breakpoints) {
    t.false(bp.verified);
    t.regex(bp.message, /saved crash/);
  }
  t.is(body.breakpoints[1].line, 5);
  await t.notThrowsAsync(dc.setExceptionBreakpointsRequest({ filters: [] }));
});

test('requests a saved crash cannot serve are refused, not answered with an empty success', async (t) => {
  const dc = await stoppedClient(t);
  for (const [command, args] of [['setVariable', { variablesReference: 1, name: 'x', value: '1' }], ['setExpression', { expression: 'x', value: '1' }], ['readMemory', { memoryReference: '0', count: 8 }], ['cancel', {}]]) {
    t.regex(await errorOf(dc.send(command, args)), new RegExp(`^The "${command}" request is not supported: this adapter serves a saved crash`));
  }
  const { body } = await dc.threadsRequest();
  t.is(body.threads.length, 1);
});

test('variables without a count on an array of 2^32 - 1 holes gives a first page, and the server goes on', async (t) => {
  const dc = await stoppedClient(t);
  const { body: { stackFrames } } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stack');
  const { body: result } = await within(dc.evaluateRequest({ expression: 'new Array(2 ** 32 - 1)', frameId: stackFrames[0].id, context: 'repl' }), 'evaluate');
  t.is(result.indexedVariables, 4294967295);
  const { body } = await within(dc.variablesRequest({ variablesReference: result.variablesReference }), 'variables without a count');
  t.is(body.variables.length, 10_000);
  const { body: paged } = await within(dc.variablesRequest({ variablesReference: result.variablesReference, filter: 'indexed', start: 4294967290, count: 5 }), 'the last page');
  t.is(paged.variables.length, 5);
});

test('completions of a long line answer at once: only the end of the line is looked at', async (t) => {
  const dc = await stoppedClient(t);
  const text = `${'a'.repeat(300_000)}!su`;
  const { body } = await within(dc.completionsRequest({ text, column: text.length + 1 }), 'completions');
  t.true(body.targets.some((target) => target.label === 'sum'));
});

test('unknown and malformed requests get error responses, and the session goes on', async (t) => {
  const dc = await stoppedClient(t);
  t.regex(await errorOf(dc.send('flyToTheMoon', {})), /Unknown request "flyToTheMoon"/);
  t.regex(await errorOf(dc.stackTraceRequest({ threadId: 7 })), /Expected threadId 1 \(the crashed thread\), got 7/);
  t.regex(await errorOf(dc.scopesRequest({ frameId: 'x' })), /Expected a frameId .* got "x"/);
  t.regex(await errorOf(dc.variablesRequest({ variablesReference: 123456 })), /Expected a variablesReference .* got 123456/);
  t.regex(await errorOf(dc.evaluateRequest({ expression: 42 })), /Expected a string "expression", got 42/);
  t.regex(await errorOf(dc.send('variables')), /Expected a variablesReference .* got nothing/);
  const { body } = await dc.threadsRequest();
  t.is(body.threads.length, 1);
});

test('malformed messages in a well-framed stream get error responses, and the connection goes on', async (t) => {
  const reply = await raw(server.port, [
    'Content-Length: 5\r\n\r\n{nope',
    frame([1, 2, 3]),
    frame({ type: 'request', seq: 5 }),
    frame({ type: 'request', seq: 6, command: 'initialize', arguments: null }),
  ], /"event":"initialized"/);
  t.regex(reply, /"request_seq":5,"command":"","success":false[^]*Expected a request with a string \\"command\\"/);
  t.regex(reply, /"request_seq":6,"command":"initialize","success":true/);
  t.regex(reply, /"event":"initialized"/);
});

test('garbage on the socket closes that connection only; the server still serves the next client', async (t) => {
  for (const garbage of [Buffer.from([0, 255, 13, 10, 13, 10, 1, 2, 3]), 'Content-Length: 99999999999\r\n\r\n', 'x'.repeat(100)]) {
    const reply = await raw(server.port, [garbage, frame({ type: 'request', seq: 1, command: 'initialize', arguments: {} })], /"event":"initialized"/);
    t.is(reply, '', `nothing is answered after ${JSON.stringify(String(garbage).slice(0, 20))}`);
  }
  const dc = await stoppedClient(t);
  const { body } = await dc.threadsRequest();
  t.is(body.threads[0].id, 1);
});

test('a client that vanishes mid-message leaves the server serving', async (t) => {
  const socket = rawConnect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('Content-Length: 500\r\n\r\n{"seq":1,');
  socket.destroy();
  const dc = await stoppedClient(t);
  t.is((await dc.threadsRequest()).body.threads.length, 1);
});

test('two clients at once each get their own session over the same dump', async (t) => {
  const [a, b] = await Promise.all([connect(server.port), connect(server.port)]);
  t.teardown(() => Promise.all([closeClient(a), closeClient(b)]));
  await Promise.all([attachAndStop(a), attachAndStop(b)]);
  const [sa, sb] = await Promise.all([a.scopesRequest({ frameId: 2 }), b.scopesRequest({ frameId: 1 })]);
  t.is(sa.body.scopes[0].name, 'Local');
  t.is(sb.body.scopes[0].name, 'Block');
  await a.disconnectRequest({});
  const still = await b.evaluateRequest({ expression: 'this.id', frameId: 1, context: 'repl' });
  t.is(still.body.result, '42', 'one client leaving does not end the other session');
});

test('clients one after another are all served', async (t) => {
  for (let i = 0; i < 3; i++) {
    const dc = await connect(server.port);
    await attachAndStop(dc);
    t.is((await dc.threadsRequest()).body.threads.length, 1);
    await dc.disconnectRequest({});
  }
});

test('terminate answers and sends terminated; disconnect closes the connection', async (t) => {
  const dc = await stoppedClient(t);
  const terminated = dc.waitForEvent('terminated');
  await dc.terminateRequest({});
  await within(terminated, 'terminated event');
  const socket = dc._socket;
  const closed = once(socket, 'close');
  await dc.disconnectRequest({});
  await within(closed, 'the server closing the connection');
  t.pass();
});

test('--once stops the server when the first client disconnects, with exit code 0', async (t) => {
  const single = await startServer(dump, ['--once']);
  t.regex(single.out.stdout, /stops when it disconnects/);
  const dc = await connect(single.port);
  await attachAndStop(dc);
  await dc.disconnectRequest({});
  const { code } = await within(single.exited, 'exit after the first client');
  t.is(code, 0);
});

test('Ctrl-C stops the server with exit code 0', async (t) => {
  const running = await startServer(dump);
  const { code, signal } = await running.stop();
  t.is(signal, null);
  t.is(code, 0);
});

test('a port in use is one clear message and exit code 1', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const { port } = blocker.address();
  const stderr = [];
  const stdout = [];
  const code = await within(serveTcp(modelFromDump(sampleDump()), {
    port,
    stdout: { write: (text) => stdout.push(text) },
    stderr: { write: (text) => stderr.push(text) },
  }), 'serveTcp to give up');
  t.is(code, 1);
  t.deepEqual(stdout, []);
  t.is(stderr.length, 1);
  t.regex(stderr[0], new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use: choose another with --dap PORT`));
});

test('listening on a non-loopback host prints a warning', async (t) => {
  const controller = new AbortController();
  const stderr = [];
  const stdout = [];
  let port;
  const done = serveTcp(modelFromDump(sampleDump()), {
    port: 0,
    host: '0.0.0.0',
    signal: controller.signal,
    stdout: { write: (text) => stdout.push(text) },
    stderr: { write: (text) => stderr.push(text) },
    onListening: (actual) => { port = actual; controller.abort(); },
  });
  t.is(await within(done, 'the server to stop'), 0);
  t.true(port > 0);
  t.is(stdout.length, 1);
  t.regex(stdout[0], new RegExp(`on 0\\.0\\.0\\.0:${port}:`));
  t.regex(stderr.join(''), /warning: listening on 0\.0\.0\.0, not on loopback/);
});

test('a client that stops reading makes the server stop reading it, not pile up answers', async (t) => {
  const dump = sampleDump();
  const big = `// ${'x'.repeat(2_000_000)}\n`;
  dump.sources[0] = { ...dump.sources[0], text: big, sha256: sha256(big) };
  const local = await startServer(writeDump(dump));
  t.teardown(() => local.stop());
  const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${local.child.pid}/status`, 'utf8'))[1]) / 1024;
  const socket = rawConnect(local.port, '127.0.0.1');
  await once(socket, 'connect');
  t.teardown(() => socket.destroy());
  socket.pause();
  const before = rssMb();
  // 300 requests of about 100 bytes, each answered with the 2 MB source: 600 MB if all were queued.
  for (const message of [{ seq: 0, type: 'request', command: 'initialize', arguments: {} }, { seq: 0, type: 'request', command: 'attach', arguments: {} }]) {
    const body = JSON.stringify(message);
    socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  for (let seq = 1; seq <= 300; seq++) {
    const body = JSON.stringify({ seq, type: 'request', command: 'source', arguments: { sourceReference: 1 } });
    socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const grown = rssMb() - before;
  t.true(grown < 150, `the server grew by ${Math.round(grown)} MB`);
  // Another client is served meanwhile.
  const dc = await stoppedClient(t, local.port);
  const { body } = await within(dc.threadsRequest(), 'threads');
  t.is(body.threads.length, 1);
});
