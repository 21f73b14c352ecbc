// Dumps captured by the real hook from crash fixtures, served over TCP and over stdio.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';
import {
  ADAPTER_CJS, ADAPTER_MAIN, CLI, FIXTURES, GOLDEN, attachAndStop, closeClient, connect, connectStdio, errorOf, spawnNode,
  startServer, variablesByName, within,
} from '../helpers/dap-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const PRELOAD = new URL('../../dist/register/preload.js', import.meta.url);
const FIXTURE = join(FIXTURES, 'async-checkout.cjs');

/** Runs a fixture with the built hook and returns the dump it saved. */
async function capture(fixture, env = {}) {
  const dir = tempDir('wipeout-dap-');
  const run = spawnNode(['--import', pathToFileURL(PRELOAD.pathname).href, fixture], { env: { WIPEOUT_FILE: join(dir, 'crash.wipeout'), ...env } });
  await within(run.exited, 'the crash fixture to exit');
  const dumps = readdirSync(dir).filter((name) => name.endsWith('.wipeout'));
  if (dumps.length !== 1) throw new Error(`expected one dump from ${fixture}, got ${dumps.length}: ${run.out.stderr}`);
  return join(dir, dumps[0]);
}

let dump;
let server;
test.before(async () => {
  dump = await capture(FIXTURE, { WIPEOUT_LIMITS: '{"items":1000}' });
  // The dump was just made on this machine by the fixture: comparing with local files is safe.
  server = await startServer(dump, ['--local-sources']);
});
test.after.always(async () => {
  await server?.stop();
});

async function stopped(t) {
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  const started = await attachAndStop(dc);
  return { dc, ...started };
}

test('a live unhandled rejection: the throwing frame from the local file, then the async frame under a label', async (t) => {
  const { dc, stopped: event } = await stopped(t);
  t.is(event.body.text, 'TypeError: cannot total order 7');
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  const [checkout, label, main] = body.stackFrames;
  t.like(checkout, { name: 'checkout', line: 19 });
  t.deepEqual(checkout.source, { name: 'async-checkout.cjs', path: FIXTURE }, 'the local file matches what ran');
  t.is(label.presentationHint, 'label');
  t.like(main, { name: 'async main', line: 24 });
  const scopes = await dc.scopesRequest({ frameId: main.id });
  t.deepEqual(scopes.body.scopes.map((s) => s.name), ['Exception'], 'async frames have no captured scopes');
});

test('a 500-item array pages through filter, start and count', async (t) => {
  const { dc } = await stopped(t);
  const { body } = await dc.scopesRequest({ frameId: 1 });
  const local = await variablesByName(dc, body.scopes[0].variablesReference);
  t.like(local.readings, { indexedVariables: 500, evaluateName: 'readings' });
  const page = await dc.variablesRequest({ variablesReference: local.readings.variablesReference, filter: 'indexed', start: 100, count: 50 });
  t.is(page.body.variables.length, 50);
  t.like(page.body.variables[0], { name: '100', value: '200', evaluateName: 'readings[100]' });
  t.like(page.body.variables[49], { name: '149', value: '298' });
  const tail = await dc.variablesRequest({ variablesReference: local.readings.variablesReference, filter: 'indexed', start: 490, count: 50 });
  t.deepEqual(tail.body.variables.map((v) => v.name), ['490', '491', '492', '493', '494', '495', '496', '497', '498', '499']);
  const named = await variablesByName(dc, local.readings.variablesReference, { filter: 'named' });
  t.is(named.length.value, '500');
  t.false('0' in named);
  const all = await dc.variablesRequest({ variablesReference: local.readings.variablesReference });
  t.is(all.body.variables.length, 500 + Object.keys(named).length, 'without count, everything');
});

test('the captured values evaluate in the sandbox; the Exception scope shows the cause', async (t) => {
  const { dc } = await stopped(t);
  t.is((await dc.evaluateRequest({ expression: 'readings.length + order.items[1].qty', frameId: 1, context: 'repl' })).body.result, '503');
  t.is((await dc.evaluateRequest({ expression: 'rates.get("DE")', frameId: 1, context: 'watch' })).body.result, '0.19');
  t.regex(await errorOf(dc.evaluateRequest({ expression: 'tax', frameId: 1, context: 'repl' })), /tax was not captured in frame #0 checkout/);
  const { body } = await dc.scopesRequest({ frameId: 1 });
  const exception = await variablesByName(dc, body.scopes.at(-1).variablesReference);
  t.regex(exception.cause.value, /Error: tax service unreachable/);
  const info = await dc.exceptionInfoRequest({ threadId: 1 });
  t.like(info.body.details.innerException[0], { typeName: 'Error', message: 'tax service unreachable' });
  t.regex(info.body.description, /unhandled rejection/);
});

test('a TypeScript crash shows .ts frames with the original source served from the dump', async (t) => {
  const ts = await startServer(join(GOLDEN, 'ts-order.wipeout'));
  t.teardown(() => ts.stop());
  const dc = await connect(ts.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body } = await dc.stackTraceRequest({ threadId: 1, levels: 1 });
  const [top] = body.stackFrames;
  t.like(top, { name: 'Cart.total', line: 21 });
  t.is(top.source.name, 'order.ts');
  // The golden dump names files of the checkout it was made in: served by path where they still
  // match, from the dump elsewhere. Either way the client reads the TypeScript that ran.
  const ref = top.source.sourceReference ?? 0;
  t.true(ref > 0 || top.source.path.endsWith('/order.ts'));
  const content = ref > 0 ? (await dc.sourceRequest({ sourceReference: ref })).body.content : readFileSync(top.source.path, 'utf8');
  t.regex(content.split('\n')[20], /throw new TypeError\(`unknown discount code/);
});

test('stdio: `wipeout load --dap stdio` serves the dump it was given and exits after disconnect', async (t) => {
  const { dc, exited, child } = connectStdio([CLI, 'load', '--file', dump, '--dap', 'stdio']);
  t.teardown(() => child.kill());
  const { stopped: event } = await attachAndStop(dc, { request: 'launch' });
  t.is(event.body.reason, 'exception');
  const frames = await dc.stackTraceRequest({ threadId: 1 });
  t.is(frames.body.stackFrames[0].name, 'checkout');
  const scopes = await dc.scopesRequest({ frameId: 1 });
  const local = await variablesByName(dc, scopes.body.scopes[0].variablesReference);
  t.is(local.order.value, 'Order { id: 7, items: [Array(2)] }');
  t.is((await dc.evaluateRequest({ expression: 'order.id', frameId: 1, context: 'hover' })).body.result, '7');
  const text = await dc.send('loadedSources', {});
  t.true(text.body.sources.some((source) => source.path === FIXTURE));
  await dc.disconnectRequest({});
  t.is((await within(exited, 'the adapter to exit')).code, 0);
});

test('stdio: the adapter loads the dump that launch names', async (t) => {
  const { dc, exited, child } = connectStdio([ADAPTER_MAIN]);
  t.teardown(() => child.kill());
  const { stopped: event } = await attachAndStop(dc, { request: 'launch', args: { dump } });
  t.is(event.body.text, 'TypeError: cannot total order 7');
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  t.is(body.totalFrames, 3);
  child.stdin.end();
  t.is((await within(exited, 'the adapter to exit when stdin closes')).code, 0);
});

test('stdio: main.cjs starts the adapter the way VS Code starts a `node` adapter, through require()', async (t) => {
  // VS Code forks its own runtime with these arguments (ExecutableDebugAdapter in its extension
  // host); require() of main.js, an ES module with top-level await, fails there.
  const { dc, exited, child } = connectStdio(['-e', 'delete process.env.ELECTRON_RUN_AS_NODE;require(process.argv[1])', ADAPTER_CJS]);
  t.teardown(() => child.kill());
  const { stopped: event } = await attachAndStop(dc, { request: 'launch', args: { dump } });
  t.is(event.body.text, 'TypeError: cannot total order 7');
  child.stdin.end();
  t.is((await within(exited, 'the adapter to exit when stdin closes')).code, 0);
});

for (const [name, args] of [['the adapter program', [ADAPTER_MAIN]], ['wipeout dap', [CLI, 'dap']]]) {
  test(`stdio: ${name} exits when the client leaves while a dump is still loading from a URL that never answers`, async (t) => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    t.teardown(() => silent.close());
    const { dc, exited, child } = connectStdio(args);
    t.teardown(() => child.kill());
    await within(dc.initializeRequest(), 'initialize');
    void dc.launchRequest({ dump: `http://127.0.0.1:${silent.address().port}/crash.wipeout` }).catch(() => {});
    await within(dc.disconnectRequest({}), 'disconnect');
    t.is((await within(exited, 'the adapter to exit')).code, 0);
  });
}

test('a second launch in a session is refused: the session keeps serving the dump it opened', async (t) => {
  const { dc, child } = connectStdio([ADAPTER_MAIN]);
  t.teardown(() => child.kill());
  await attachAndStop(dc, { request: 'launch', args: { dump } });
  t.regex(await errorOf(dc.launchRequest({ dump: '/elsewhere/other.wipeout' })), /^This session already serves a dump: start a new debug session to open another$/);
  const { body } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stack');
  t.is(body.totalFrames, 3);
});

test('stdio: launch without a dump, or with one that does not exist, is an error response that says so', async (t) => {
  const { dc, child } = connectStdio([ADAPTER_MAIN]);
  t.teardown(() => child.kill());
  await within(dc.initializeRequest(), 'initialize');
  t.regex(await errorOf(dc.launchRequest({})), /Expected "dump" in the launch\/attach arguments to be the path or URL of a \.wipeout file, got nothing/);
  t.regex(await errorOf(dc.threadsRequest()), /No dump is open in this session yet/);
  const missing = join(tmpdir(), 'no-such-dir-wipeout', 'gone.wipeout');
  t.regex(await errorOf(dc.launchRequest({ dump: missing })), /gone\.wipeout/);
  const stopped = dc.waitForEvent('stopped', 15_000);
  await within(dc.launchRequest({ dump }), 'launch');
  await within(dc.configurationDoneRequest(), 'configurationDone');
  t.is((await stopped).body.reason, 'exception', 'a later launch with a good dump still works');
});

test('every thread listed answers: the frames where a cause was thrown, with their variables', async (t) => {
  const causeDump = await capture(fileURLToPath(new URL('../fixtures/crash/cause-rethrow.mjs', import.meta.url)));
  const local = await startServer(causeDump);
  t.teardown(() => local.stop());
  const dc = await connect(local.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body: { threads } } = await within(dc.threadsRequest(), 'threads');
  t.deepEqual(threads.map((thread) => thread.id), [1, 2]);
  t.is(threads[1].name, 'cause 1 (where it was thrown)');
  const { body } = await within(dc.stackTraceRequest({ threadId: 2 }), 'the cause thread stack');
  const readRecord = body.stackFrames.find((frame) => frame.name === 'readRecord');
  t.truthy(readRecord, body.stackFrames.map((frame) => frame.name).join(', '));
  t.is(body.totalFrames, body.stackFrames.length);
  const { body: main } = await within(dc.stackTraceRequest({ threadId: 1 }), 'the main stack');
  t.false(main.stackFrames.some((frame) => body.stackFrames.some((other) => other.id === frame.id)), 'frame ids are unique across threads');
  const { body: { scopes } } = await within(dc.scopesRequest({ frameId: readRecord.id }), 'scopes');
  const locals = await variablesByName(dc, scopes[0].variablesReference);
  t.is(locals.table.value, "'orders'");
  t.regex(await errorOf(dc.stackTraceRequest({ threadId: 3 })), /^Expected threadId 1 \(the crashed thread\) to 2 \(where causes were thrown\), got 3$/);
});

test('exceptionInfo of a synchronous CommonJS throw under --import says what the user wrote and keeps Node\'s origin', async (t) => {
  const cjsDump = await capture(fileURLToPath(new URL('../fixtures/crash/cjs-nested.cjs', import.meta.url)));
  const local = await startServer(cjsDump);
  t.teardown(() => local.stop());
  const dc = await connect(local.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const info = await within(dc.exceptionInfoRequest({ threadId: 1 }), 'exceptionInfo');
  t.regex(info.body.description, /\(uncaught exception, thrown in CommonJS \(Node's origin: unhandledRejection\), saved /);
});
