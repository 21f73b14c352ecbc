// Object state outside own enumerable properties, captured by the real hook from
// test/fixtures/crash/object-state.cjs and read through the real loader, terminal debugger and DAP.
import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { runCli } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { frameNamed, deref, variables } from '../helpers/dump-query.js';
import { variablesByName, withStoppedSession } from '../helpers/dap-server.js';

let run;
let dump;
let model;
test.before(async () => {
  run = await runFixture('object-state.cjs');
  dump = run.dumps[0].dump;
  model = modelFromDump(dump);
});
test.after.always(() => model?.close());

const frame = (name) => model.frames.findIndex((f) => f.functionName === name);
const answer = (expression, name = 'checkout') => {
  const result = model.evaluate(expression, frame(name));
  return result.ok ? result.value.text : `error: ${result.error}`;
};
const evaluates = test.macro((t, expression, name, expected) => {
  const actual = answer(expression, name);
  if (expected instanceof RegExp) t.regex(actual, expected);
  else t.is(actual, expected);
});

test('private class fields are captured, marked private', (t) => {
  const service = deref(dump, frameNamed(dump, 'checkout').this);
  const account = deref(dump, service.props.find((p) => p.name === 'account').value);
  t.deepEqual(account.props.find((p) => p.name === '#balance'), { name: '#balance', private: true, enumerable: false, value: 100 });
  t.true(account.props.some((p) => p.name === '#history' && p.private === true));
});

test('private fields evaluate, written as in the class', evaluates, '[this.account.#balance, this.account["#history"][0]]', 'checkout', "[ 100, 'open' ]");
test('a class prototype method is a stub that says it cannot run', evaluates, 'this.account.priceOf("x")', 'checkout', /^error: TypeError: priceOf is a function of the crashed program: it cannot run in a postmortem session/);
test('a class prototype method shows its source', evaluates, 'String(this.checkout)', 'checkout', /^'checkout\(order\) \{/);
test('a class getter fails clearly instead of answering undefined', evaluates, 'this.account.balance', 'checkout', /^error: TypeError: getter balance is an accessor of the crashed program: it was not run at capture/);
test('an IncomingMessage subclass\'s headers accessor fails clearly', evaluates, 'req.headers', 'main', /^error: TypeError: getter headers is an accessor of the crashed program/);
test('instanceof and constructor hold for the program\'s own classes', evaluates,
  '[service instanceof OrderService, service.constructor === OrderService, service.account instanceof Account, req instanceof Req]', 'main', '[ true, true, true, true ]');
test('a URL answers what it held', evaluates, '[url.href, url.pathname, url.port]', 'main', "[ 'https://example.com:8080/a/b?x=1#h', '/a/b', '8080' ]");
test('URLSearchParams, AbortSignal, Blob and Event answer what they held', evaluates,
  '[params.toString(), params.size, signal.aborted, signal.reason.message, blob.size, blob.type, event.type]', 'main', "[ 'a=1&b=2', 2, true, 'stop', 3, 'text/plain', 'ping' ]");
test('Request and Response answer what they held', evaluates, '[request.method, request.url, response.status, response.ok]', 'main', "[ 'POST', 'https://example.com/api', 404, false ]");
// undici keeps the map under Symbol(headers map) in Node 20 and as `headersMap` in Node 24.
test('Headers keep their internal list', evaluates,
  '(() => { const list = headers.#headersList; const key = Reflect.ownKeys(list).find((k) => list[k] instanceof Map); return [...list[key].keys()]; })()', 'main', "[ 'content-type' ]");

test('the terminal debugger shows private fields and built-in state in locals', async (t) => {
  const { stdout } = await runCli(['load', run.dumps[0].path], { input: 'up\nlocals\np this\nquit\n', cwd: run.dir });
  t.regex(stdout, /^ {2}url = URL \{ href: 'https:\/\/example\.com:8080\/a\/b\?x=1#h'/m);
  t.regex(stdout, /^ {2}signal = AbortSignal \{ aborted: true, reason: \[Error: stop\]/m);
  const shown = await runCli(['show', run.dumps[0].path], { cwd: run.dir });
  t.regex(shown.stdout, /this = OrderService \{ account: \[Account\] \}/);
});

test('over DAP, private fields are private and prototype accessors are shown as not run', async (t) => {
  await withStoppedSession(run.dumps[0].path, 0, async (dc, frameId) => {
    const { body } = await dc.scopesRequest({ frameId });
    const local = await variablesByName(dc, body.scopes[0].variablesReference);
    const service = await variablesByName(dc, local.this.variablesReference);
    const account = await variablesByName(dc, service.account.variablesReference);
    t.like(account['#balance'], { value: '100', presentationHint: { visibility: 'private' } });
    t.is(account.balance.value, '[Getter: accessor, not run during capture]');
    t.regex((await dc.evaluateRequest({ expression: 'this.account.priceOf("x")', frameId, context: 'repl' }).catch((e) => e)).message, /priceOf is a function of the crashed program/);
  });
});

test('show, show --json and list say the thread, how the capture was made and the top frame\'s closure variables', async (t) => {
  const shown = await runCli(['show', run.dumps[0].path], { cwd: run.dir });
  // A CommonJS entry's top level under --import: V8 predicted the throw caught (docs/capture.md).
  t.regex(shown.stdout, /; main thread, captured at the throw, objects as they were when it escaped$/m);
  t.regex(shown.stdout, /^ {4}\(closure\) Account = \[class Account\]$/m);
  const json = JSON.parse((await runCli(['show', run.dumps[0].path, '--json'], { cwd: run.dir })).stdout);
  t.like(json.capture, { method: 'pause', valuesAt: 'escape' });
  t.like(json.thread, { id: 0, name: 'main thread', isMain: true });
  t.true(json.frames[0].locals.some((v) => v.name === 'Account' && v.scope === 'closure'));
  const listed = JSON.parse((await runCli(['list', run.dir, '--json'], { cwd: run.dir })).stdout);
  t.like(listed[0], { thread: 'main thread', method: 'pause' });
});

test('a worker\'s dump says it is a worker\'s in show and list', async (t) => {
  const worker = await runFixture('worker-main.mjs');
  const workerDump = worker.dumps.find(({ dump: d }) => d.thread.isMain === false);
  t.truthy(workerDump, 'the worker left a dump of its own');
  const shown = await runCli(['show', workerDump.path], { cwd: worker.dir });
  t.regex(shown.stdout, /; worker (".*" )?\(thread \d+\), captured at the throw, objects as they were when it escaped$/m);
  const listed = await runCli(['list', worker.dir], { cwd: worker.dir });
  t.regex(listed.stdout, /\[worker (".*" )?\(thread \d+\)\]/);
});

test('a loop-scoped const declared after the call shows the previous iteration\'s value, as docs/capture.md says', (t) => {
  // The crash happens in the second iteration: `doubled` is that iteration's, while `checked`,
  // not yet declared in it, holds what V8 still has from the first (V8's behaviour, not ours).
  const main = variables(frameNamed(dump, 'main'));
  t.is(main.doubled, 4);
  t.is(main.checked, 1);
});

test('a dump without variables says so in show and list', async (t) => {
  const overflow = await runFixture('stack-overflow.cjs');
  const shown = await runCli(['show', overflow.dumps[0].path], { cwd: overflow.dir });
  t.regex(shown.stdout, /; main thread, stack only, no variables$/m);
  const listed = await runCli(['list', overflow.dir], { cwd: overflow.dir });
  t.regex(listed.stdout, /pid \d+ \[stack-only\]/);
});
