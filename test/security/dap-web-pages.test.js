// The DAP port is reachable from any web page the developer has open: a browser's plain
// cross-origin POST to 127.0.0.1:PORT carries whatever body the page likes. Only DAP framing is
// read, nothing is answered before `initialize`, and the client's bytes never reach the terminal raw.
import { once } from 'node:events';
import { connect as rawConnect } from 'node:net';
import test from 'ava';
import { startServer, within } from '../helpers/dap-server.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

const dump = writeDump(sampleDump());
let server;
test.before(async () => {
  server = await startServer(dump);
});
test.after.always(async () => {
  await server?.stop();
});

const frame = (message) => {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
};
const evaluate = (seq) => ({ seq, type: 'request', command: 'evaluate', arguments: { expression: 'this.id', context: 'repl' } });

/** Sends bytes on a raw socket; resolves with what came back and whether the server closed it (bounded). */
async function exchange(chunks, { until = /$^/, ms = 3000 } = {}) {
  const socket = rawConnect(server.port, '127.0.0.1');
  await within(once(socket, 'connect'), 'connect');
  let received = '';
  let closed = false;
  const done = new Promise((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk;
      if (until.test(received)) resolve();
    });
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    socket.on('error', resolve);
    setTimeout(resolve, ms);
  });
  for (const chunk of chunks) socket.write(chunk);
  await done;
  socket.destroy();
  return { received, closed };
}

async function stderrMatching(pattern) {
  await within(new Promise((resolve) => {
    const check = () => (pattern.test(server.out.stderr) ? resolve() : setTimeout(check, 20));
    check();
  }), `stderr matching ${pattern}`, 5000);
}

test('an HTTP POST whose body is a DAP request is closed unanswered, and nothing is evaluated', async (t) => {
  const dap = frame({ seq: 1, type: 'request', command: 'initialize', arguments: {} }) + frame(evaluate(2));
  const post = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(dap)}\r\n\r\n${dap}`;
  const { received, closed } = await exchange([post]);
  t.is(received, '', 'not one byte is answered');
  t.true(closed, 'the server closes the connection');
  await stderrMatching(/an HTTP request: the DAP port is not a web server/);
});

test('a connection whose first bytes are not a DAP header is closed at once', async (t) => {
  for (const first of ['GET / HTTP/1.1\r\n', 'xContent-Length: 2\r\n\r\n{}', '\r\nContent-Length: 2\r\n\r\n{}']) {
    const { received, closed } = await exchange([first, frame({ seq: 1, type: 'request', command: 'initialize', arguments: {} })]);
    t.is(received, '', JSON.stringify(first));
    t.true(closed, JSON.stringify(first));
  }
});

test('a DAP header block carrying Host or Origin is refused as HTTP', async (t) => {
  for (const header of ['Host: 127.0.0.1', 'Origin: http://evil.example']) {
    const body = JSON.stringify({ seq: 1, type: 'request', command: 'initialize', arguments: {} });
    const { received, closed } = await exchange([`Content-Length: ${body.length}\r\n${header}\r\n\r\n${body}`]);
    t.is(received, '', header);
    t.true(closed, header);
  }
});

test('requests before initialize get an error and are not evaluated', async (t) => {
  const { received } = await exchange([frame(evaluate(1)), frame({ seq: 2, type: 'request', command: 'threads' })], { until: /"request_seq":2/ });
  t.regex(received, /"request_seq":1,"command":"evaluate","success":false,"message":"Expected an \\"initialize\\" request first, got \\"evaluate\\""/);
  t.regex(received, /"request_seq":2,"command":"threads","success":false/);
  t.notRegex(received, /"result"/);
});

test('after initialize, the dump is read only once the client has attached', async (t) => {
  const { received } = await exchange([frame({ seq: 1, type: 'request', command: 'initialize', arguments: {} }), frame(evaluate(2))], { until: /"request_seq":2/ });
  t.regex(received, /"request_seq":1,"command":"initialize","success":true/);
  t.regex(received, /"request_seq":2,"command":"evaluate","success":false[^]*send \\"launch\\" or \\"attach\\" first/);
  t.notRegex(received, /"result"/);
});

test('bytes from a client reach the server terminal with their control characters escaped', async (t) => {
  const hostile = '\u001b]0;pwned\u0007\u009b2J\u202e';
  const body = Buffer.from(hostile, 'utf8');
  await exchange([Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]), `Content-Length: 4\r\n\r\n\u001b[2J`], { ms: 500 });
  await stderrMatching(/\\x1b\]0;pwned/);
  t.notRegex(server.out.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/, 'no raw control character on the terminal');
});
