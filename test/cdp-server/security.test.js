// What a web page, a stray client or a confused one gets from the inspector: refusals, not the dump.
import { request } from 'node:http';
import test from 'ava';
import { GOLDEN } from '../helpers/dap-server.js';
import { connectCdp, startInspector, within } from '../helpers/cdp-server.js';

let server;
test.before(async () => {
  server = await startInspector(`${GOLDEN}crash-order.wipeout`);
});
test.after.always(async () => {
  await server?.stop();
});

/** A raw HTTP GET with the headers given (fetch will not send a foreign Host). */
function get(path, headers = {}) {
  return within(new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  }), `GET ${path}`);
}

test('/json/list names one node target whose WebSocket URL has a random id, with Content-Length', async (t) => {
  const { status, headers, body } = await get('/json/list');
  t.is(status, 200);
  t.is(Number(headers['content-length']), Buffer.byteLength(body));
  const [target, ...rest] = JSON.parse(body);
  t.is(rest.length, 0);
  t.like(target, { type: 'node', webSocketDebuggerUrl: server.url });
  t.regex(target.id, /^[0-9a-f-]{36}$/);
  t.true(target.devtoolsFrontendUrl.startsWith('devtools://devtools/bundled/js_app.html?'));
  t.true(target.devtoolsFrontendUrl.endsWith(`ws=127.0.0.1:${server.port}/${target.id}`));
  t.deepEqual(JSON.parse((await get('/json')).body), [target]);
});

test('/json/version answers as a Node inspector does', async (t) => {
  const version = JSON.parse((await get('/json/version')).body);
  t.is(version['Protocol-Version'], '1.1');
  t.regex(version.Browser, /^node\.js\/v\d+/);
});

test('the stdout line gives the DevTools URL and a VS Code attach snippet with the port', (t) => {
  t.true(server.out.stdout.includes(`devtools://devtools/bundled/js_app.html?ws=127.0.0.1:${server.port}/`));
  t.true(server.out.stdout.includes(`"type": "node", "request": "attach"`));
  t.true(server.out.stdout.includes(`"port": ${server.port}`));
});

const refusedHost = test.macro({
  async exec(t, host) {
    const { status, body } = await get('/json/list', { Host: host });
    t.is(status, 403);
    t.false(body.includes('webSocketDebuggerUrl'));
  },
  title: (_, host) => `an HTTP request with Host "${host}" is refused (DNS rebinding)`,
});
test(refusedHost, 'evil.example');
test(refusedHost, 'evil.example:9229');
test(refusedHost, 'localhost.evil.example');
test(refusedHost, '127.0.0.1:1');

test('loopback Host names with the port are served', async (t) => {
  for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
    t.is((await get('/json/list', { Host: host })).status, 200, host);
  }
});

// VS Code's js-debug sends a bare `Host: localhost` on an attach that names an `address` (the
// snippet the server prints), on /json/version, /json/list and the WebSocket upgrade; Node's own
// inspector accepts it.
test('loopback Host names without a port are served, over HTTP and WebSocket (js-debug sends "localhost")', async (t) => {
  for (const host of ['localhost', '127.0.0.1', '[::1]']) {
    t.is((await get('/json/list', { Host: host })).status, 200, host);
    t.is((await get('/json/version', { Host: host })).status, 200, host);
  }
  const client = await connectCdp(server.url, { headers: { Host: 'localhost' } });
  t.teardown(() => client.close());
  t.truthy((await client.call('Runtime.enable')).result);
});

test('a WebSocket upgrade from a foreign Origin is refused', async (t) => {
  const error = await t.throwsAsync(connectCdp(server.url, { origin: 'https://evil.example' }));
  t.regex(error.message, /refused with HTTP 403/);
});

test('a WebSocket upgrade with a foreign Host is refused', async (t) => {
  const error = await t.throwsAsync(connectCdp(server.url, { headers: { Host: 'evil.example' } }));
  t.regex(error.message, /refused with HTTP 403/);
});

test('DevTools and localhost origins may connect', async (t) => {
  for (const origin of ['devtools://devtools', `http://localhost:${server.port}`, 'http://127.0.0.1:8080']) {
    const client = await connectCdp(server.url, { origin });
    t.teardown(() => client.close());
    t.truthy((await client.call('Runtime.enable')).result, origin);
  }
});

test('a WebSocket path other than the target id is refused', async (t) => {
  const wrong = server.url.replace(/\/[^/]+$/, '/00000000-0000-0000-0000-000000000000');
  const error = await t.throwsAsync(connectCdp(wrong));
  t.regex(error.message, /refused with HTTP 404/);
  t.is((await get('/nope')).status, 404);
});

test('a message over the size limit closes the connection with 1009, and the server keeps serving', async (t) => {
  const client = await connectCdp(server.url);
  const closed = new Promise((resolve) => client.ws.once('close', (code) => resolve(code)));
  client.ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'x'.repeat(2 * 1024 * 1024) } }));
  t.is(await within(closed, 'close'), 1009);
  const again = await connectCdp(server.url);
  t.teardown(() => again.close());
  t.truthy((await again.call('Runtime.enable')).result);
});

test('an unknown method gets error -32601 and the session still answers', async (t) => {
  const client = await connectCdp(server.url);
  t.teardown(() => client.close());
  const answer = await client.call('Nothing.likeThis', {});
  t.is(answer.error.code, -32601);
  t.regex(answer.error.message, /'Nothing\.likeThis' wasn't found/);
  t.truthy((await client.call('Runtime.enable')).result);
});

test('a message that is not JSON, or has no id, gets a protocol error, not a crash', async (t) => {
  const client = await connectCdp(server.url);
  t.teardown(() => client.close());
  const next = () => new Promise((resolve) => client.ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
  let reply = next();
  client.ws.send('{not json');
  t.is((await within(reply, 'reply')).error.code, -32700);
  reply = next();
  client.ws.send(JSON.stringify({ method: 'Runtime.enable' }));
  t.is((await within(reply, 'reply')).error.code, -32600);
  t.truthy((await client.call('Runtime.enable')).result);
});
