// Where a crash's causes were thrown, over CDP: a real crash wraps a caught error with `cause` and
// rethrows (test/fixtures/crash/cause-rethrow.mjs); the inspector lists one more target, paused
// where the cause was thrown, with that frame's scopes, as DAP shows it as a second thread.
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { attach, connectCdp, propertiesByName, startInspector } from '../helpers/cdp-server.js';

let server;
test.before(async () => {
  const { dumps } = await runFixture('cause-rethrow.mjs');
  server = await startInspector(dumps[0].path);
});
test.after.always(async () => {
  await server?.stop();
});

async function targets() {
  return (await fetch(`${server.http}/json/list`)).json();
}

test('the listening lines say where the cause is, and /json/list lists the crash first, then the cause', async (t) => {
  t.regex(server.out.stdout, /Where its cause was thrown: more targets in http:\/\/127\.0\.0\.1:\d+\/json\/list/);
  const list = await targets();
  t.is(list.length, 2);
  t.is(list[0].webSocketDebuggerUrl, server.url);
  t.regex(list[0].title, /cause-rethrow\.mjs \(saved crash\)$/);
  t.regex(list[1].title, /cause 1: where it was thrown/);
  t.regex(list[1].description, /Error: row 77 missing in orders/);
  t.not(list[1].id, list[0].id);
});

test('the crash target pauses at the rethrow; the cause target where the cause was thrown, with its locals', async (t) => {
  const [crash, cause] = await targets();
  const main = await connectCdp(crash.webSocketDebuggerUrl);
  t.teardown(() => main.close());
  const atCrash = (await attach(main)).paused;
  t.is(atCrash.callFrames[0].functionName, 'service');
  t.regex(atCrash.data.description, /^Error: service failed after 2 retries/);

  const client = await connectCdp(cause.webSocketDebuggerUrl);
  t.teardown(() => client.close());
  const { paused } = await attach(client);
  t.is(paused.reason, 'exception');
  t.deepEqual(paused.callFrames.slice(0, 2).map((frame) => frame.functionName), ['readRecord', 'service']);
  t.regex(paused.data.description, /^Error: row 77 missing in orders\n\s+at readRecord/);
  const locals = await propertiesByName(client, paused.callFrames[0].scopeChain[0].object.objectId);
  t.like(locals.table, { type: 'string', value: 'orders' });
  t.like(locals.id, { type: 'number', value: 77 });

  // The console evaluates in the frame the target shows.
  const { result } = await client.call('Runtime.evaluate', { expression: '`${table}:${id}`' });
  t.like(result.result, { type: 'string', value: 'orders:77' });
});

test('a made-up target id is still refused', async (t) => {
  const [crash] = await targets();
  await t.throwsAsync(connectCdp(crash.webSocketDebuggerUrl.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000')), { message: /404/ });
});
