// Issue 13: the dump holds the state at the throw, not what a `finally` block left behind; where it
// cannot (V8 predicted the throw caught), it says its objects were read as the error escaped.
// Captured by the real hook from test/fixtures/crash/finally-cleanup.cjs, read by `wipeout show`,
// the terminal debugger and the DAP server.
import test from 'ava';
import { runCli, replInput } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { variablesByName, withStoppedSession } from '../helpers/dap-server.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';

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
});
