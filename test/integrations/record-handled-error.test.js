import test from 'ava';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freshDir, readDumps } from '../helpers/crash-run.js';
import { frameNamed, variables } from '../helpers/dump-query.js';
import { dumpsIn, get, startServer } from '../helpers/server-run.js';
import { messageTemplate } from '../../dist/integrations/fingerprint.js';
import { HandledWindow, windowFrom } from '../../dist/integrations/handled-window.js';

test('recordHandledError saves a node:http server\'s handled error once an hour by default, named after its framework', async (t) => {
  const dir = freshDir();
  const server = await startServer('http-app.mjs', { env: { WIPEOUT_FILE: join(dir, '{id}.wipeout') } });
  t.teardown(() => server.stop());
  t.deepEqual(await get(server.port, '/250'), { status: 500, headers: { 'content-length': '8' }, body: 'declined' });
  const [first] = await dumpsIn(dir, 1);
  t.truthy(first, server.stderr());
  t.like(first.dump.handled, { framework: 'node:http', skippedBefore: 0, windowMs: 3_600_000, template: 'card declined for <n> cents (attempt sandbox)' });
  t.is(variables(frameNamed(first.dump, 'chargeCard')).amountCents, 250);
  t.is(first.dump.request.url, '/250');
  for (const amount of [300, 400]) await get(server.port, `/${amount}`);
  await delay(500);
  t.is(readDumps(dir).length, 1);
});

test('with WIPEOUT=0 the integrations save nothing and the server answers as usual', async (t) => {
  const dir = freshDir();
  const server = await startServer('express-app.mjs', { env: { WIPEOUT: '0', WITH_WIPEOUT: '1', WIPEOUT_FILE: join(dir, '{id}.wipeout') } });
  t.teardown(() => server.stop());
  t.is((await get(server.port, '/orders/1')).status, 500);
  await delay(500);
  t.is(readDumps(dir).length, 0);
});

const template = test.macro({
  exec: (t, message, expected) => t.is(messageTemplate(message), expected),
  title: (_, message, expected) => `the message template of ${JSON.stringify(message)} is ${JSON.stringify(expected)}`,
});
test(template, 'order 42 not found', 'order <n> not found');
test(template, 'user "ada@example.com" has no role \'admin\'', 'user <str> has no role <str>');
test(template, 'no row for 3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'no row for <id>');
test(template, 'basket ord_8f3k2 expired after 1.5 s', 'basket <id> expired after <n> s');
test(template, 'Cannot read properties of undefined (reading `id`)', 'Cannot read properties of undefined (reading <str>)');

test('a fingerprint is written once per window, and the next one counts those skipped; a given-back admission is retried', (t) => {
  const window = new HandledWindow();
  t.deepEqual(window.admit('a', 1000, 0), { write: true, skippedBefore: 0 });
  t.deepEqual(window.admit('a', 1000, 10), { write: false });
  t.deepEqual(window.admit('b', 1000, 20), { write: true, skippedBefore: 0 });
  t.deepEqual(window.admit('a', 1000, 500), { write: false });
  t.deepEqual(window.admit('a', 1000, 1000), { write: true, skippedBefore: 2 });
  window.release('a', 2);
  t.deepEqual(window.admit('a', 1000, 1001), { write: true, skippedBefore: 3 });
  t.deepEqual(window.admit('c', 0, 0), { write: true, skippedBefore: 0 });
  t.deepEqual(window.admit('c', 0, 0), { write: true, skippedBefore: 0 }, 'a window of 0 writes every one');
});

test('the window comes from the option, else WIPEOUT_HANDLED_WINDOW, else an hour; a bad one names the setting', (t) => {
  t.is(windowFrom(undefined, {}), 3_600_000);
  t.is(windowFrom(undefined, { WIPEOUT_HANDLED_WINDOW: '10m' }), 600_000);
  t.is(windowFrom('30s', { WIPEOUT_HANDLED_WINDOW: '10m' }), 30_000);
  t.is(windowFrom(250, {}), 250);
  t.is(windowFrom('0', {}), 0);
  t.throws(() => windowFrom(undefined, { WIPEOUT_HANDLED_WINDOW: 'soon' }), { message: 'Expected the `WIPEOUT_HANDLED_WINDOW` to be a duration such as 3600000, 30s or 1h, got `soon`' });
  t.throws(() => windowFrom(-1, {}), { message: /`window` option .* got `-1`/ });
});
