// Issue 13: the dump holds the state at the throw, not what a `finally` block left behind; where it
// cannot (V8 predicted the throw caught), it says its objects were read as the error escaped.
// Captured by the real hook from test/fixtures/crash/finally-cleanup.cjs, read by `wipeout show`,
// the terminal debugger and the DAP server.
import test from 'ava';
import { runCli, replInput } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { variablesByName, withStoppedSession } from '../helpers/dap-server.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';
import { connectCdp, startInspector } from '../helpers/cdp-server.js';

const crash = (how) => runFixture('finally-cleanup.cjs', { args: [how] });
const orderOf = (dump) => deref(dump, variables(frameNamed(dump, 'charge')).order);
const itemsOf = (dump) => deref(dump, prop(orderOf(dump), 'items'));

test('a throw V8 predicts escaping is captured inside its pause: the order is as it was before the finally block reset it', async (t) => {
  const result = await crash('timer');
  t.is(result.code, 1);
  const { dump, path } = result.dumps[0];
  t.like(dump.capture, { method: 'pause', valuesAt: 'throw' });
  t.is(prop(orderOf(dump), 'state'), 'charging');
  t.is(itemsOf(dump).length, 2);

  const shown = await runCli(['show', path], { cwd: result.dir });
  t.regex(shown.stdout, /, captured at the throw$/m);
  t.regex(shown.stdout, /^ {4}order = \{ id: 7, state: 'charging', items: \[Array\(2\)\] \}$/m);
  const json = JSON.parse((await runCli(['show', path, '--json'], { cwd: result.dir })).stdout);
  t.is(json.capture.valuesAt, 'throw');

  const repl = await runCli(['load', path], { cwd: result.dir, input: replInput('p order.state', 'p order.items.length') });
  t.regex(repl.stdout, /'charging'\n[^]*\b2\n/);

  await withStoppedSession(path, 0, async (dc, frameId) => {
    const { body } = await dc.scopesRequest({ frameId });
    const local = await variablesByName(dc, body.scopes[0].variablesReference);
    const order = await variablesByName(dc, local.order.variablesReference);
    t.is(order.state.value, "'charging'");
  });
});

test('a throw V8 predicts caught (an async function) is read as it escapes, and show says so', async (t) => {
  const result = await crash('async');
  t.is(result.code, 1);
  const { dump, path } = result.dumps[0];
  t.like(dump.capture, { method: 'pause', valuesAt: 'escape' });
  t.is(prop(orderOf(dump), 'state'), 'rolled back', 'what the finally block left: the capture ran later');
  t.is(variables(frameNamed(dump, 'charge')).attempt, 1, 'the variables themselves are as at the throw');
  const shown = await runCli(['show', path], { cwd: result.dir });
  t.regex(shown.stdout, /, captured at the throw, objects as they were when it escaped$/m);
  t.deepEqual(dump.capture.changedAfterThrow.changes.find((change) => change.path === 'order.state'), { path: 'order.state', atThrow: '"charging"' });
  t.regex(shown.stdout, /^ {2}order\.state was "charging" at the throw$/m);
});

test('objects read at the escape name what the program changed since the throw, with the values at the throw, in show, show --json, info and DAP', async (t) => {
  const result = await runFixture('changed-after-throw.mjs');
  t.is(result.code, 1);
  const { dump, path } = result.dumps[0];
  t.like(dump.capture, { method: 'pause', valuesAt: 'escape' });
  const changes = dump.capture.changedAfterThrow.changes;
  const byPath = Object.fromEntries(changes.map((change) => [change.path, change]));
  t.deepEqual(byPath['job.status'], { path: 'job.status', atThrow: '"settling"' });
  t.deepEqual(byPath['job.attempts'], { path: 'job.attempts', atThrow: '2' });
  t.deepEqual(byPath['job.password'], { path: 'job.password', atThrow: '[redacted]', now: 'deleted' }, 'a secret stays redacted');
  t.deepEqual(byPath['steps.length'], { path: 'steps.length', atThrow: '3' });
  t.deepEqual(byPath['steps[0]'], { path: 'steps[0]', atThrow: '"fetch"', now: 'deleted' });
  t.deepEqual(byPath['prices.size'], { path: 'prices.size', atThrow: '2' });
  t.is(byPath['job.id'], undefined, 'what did not change is not named');
  t.false(JSON.stringify(dump.capture).includes('hunter2'));

  const shown = await runCli(['show', path], { cwd: result.dir });
  t.regex(shown.stdout, /^changed between the throw and the escape \(values shown are from the escape\):\n {2}job\.status was "settling" at the throw$/m);
  t.regex(shown.stdout, /^ {2}job\.password: deleted after the throw \(at the throw: \[redacted\]\)$/m);
  const json = JSON.parse((await runCli(['show', path, '--json'], { cwd: result.dir })).stdout);
  t.deepEqual(json.capture.changedAfterThrow, dump.capture.changedAfterThrow);
  const repl = await runCli(['load', path], { cwd: result.dir, input: replInput('info') });
  t.regex(repl.stdout, /^changed: {3}changed between the throw and the escape/m);
  t.regex(repl.stdout, /^ {11}prices\.size was 2 at the throw$/m);

  await withStoppedSession(path, 0, async (dc) => {
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    t.regex(info.body.details.stackTrace, /^changed between the throw and the escape[^\n]*\n {2}job\.status was "settling" at the throw/);
  });

  // Over the inspector protocol the console says it, as DevTools shows on attach.
  const inspector = await startInspector(path);
  t.teardown(() => inspector.stop());
  const client = await connectCdp(inspector.url);
  t.teardown(() => client.close());
  await client.call('Runtime.enable');
  const { type, args } = await client.event('Runtime.consoleAPICalled');
  t.is(type, 'warning');
  t.regex(args[0].value, /^changed between the throw and the escape[^\n]*\n {2}job\.status was "settling" at the throw/);
});

test('a dump whose objects did not change after the throw, or were read at the throw, names no change', async (t) => {
  const [atThrow, unchanged] = await Promise.all([crash('timer'), runFixture('cjs-nested.cjs', { hook: 'import' })]);
  t.is(atThrow.dumps[0].dump.capture.valuesAt, 'throw');
  t.is(atThrow.dumps[0].dump.capture.changedAfterThrow, undefined);
  t.is(unchanged.dumps[0].dump.capture.valuesAt, 'escape');
  t.is(unchanged.dumps[0].dump.capture.changedAfterThrow, undefined);
  const shown = await runCli(['show', unchanged.dumps[0].path], { cwd: unchanged.dir });
  t.false(shown.stdout.includes('changed between the throw'));
});
