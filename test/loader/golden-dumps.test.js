import { fileURLToPath } from 'node:url';
import test from 'ava';
import { loadDump } from '../../dist/loader/index.js';

const golden = (name) => fileURLToPath(new URL(`../fixtures/dumps/${name}`, import.meta.url));
const variables = (model, frame) =>
  Object.fromEntries(model.scopes(frame).flatMap((s) => model.children(s.handle)).reverse().map((v) => [v.name, v.value]));

test('the CommonJS golden dump has three user frames with their locals and the cause chain', async (t) => {
  const model = await loadDump(golden('crash-order.wipeout'));
  t.deepEqual(model.frames.slice(0, 2).map((f) => f.name), ['Order.total', 'checkout']);
  t.is(model.topUserFrame, 0);
  t.deepEqual(model.exception.causes.map((c) => c.message), ['subtotal out of range', 'tax service unreachable']);
  const caller = variables(model, 1);
  t.is(caller.label.text, "'order 42 for Ada'");
  t.regex(caller.customer.text, /password: \[redacted: name matches "password", 14 chars\]/);
  const result = model.evaluate('order.self.self === order && order.items.length', 1);
  t.is(result.ok && result.value.text, '3');
});

test('the TypeScript golden dump maps frames to .ts and keeps the generated position', async (t) => {
  const model = await loadDump(golden('ts-order.wipeout'));
  const [top, caller] = model.frames;
  t.is(top.name, 'Cart.total');
  t.regex(top.position.file, /ts-order\/order\.ts$/);
  t.is(top.position.line, 21);
  t.regex(top.generated.file, /order\.js$/);
  t.regex(model.sourceText(top.position.sourceRef), /throw new TypeError\(`unknown discount code \$\{code\}`/);
  t.regex(caller.position.file, /ts-order\/main\.ts$/);
  t.is(variables(model, 0).gross.text, '39');
  const result = model.evaluate('this.items.map(i => i.sku).join()', 0);
  t.is(result.ok && result.primitive, 'A-1,B-2');
});

test('the CommonJS golden dump (format 1.5) has the class of order with its method and identity', async (t) => {
  const model = await loadDump(golden('crash-order.wipeout'));
  t.is(model.dump.version, '1.9');
  const result = model.evaluate('[order.constructor.name, typeof order.total, order.self.constructor === order.constructor, String(order.total).startsWith("total()")]', 1);
  t.is(result.ok && result.value.text, "[ 'Order', 'function', true, true ]");
  t.regex(model.evaluate('order.total()', 1).error, /total is a function of the crashed program/);
});

test('a golden dump of format 1.0, without prototypes, still loads and evaluates', async (t) => {
  const model = await loadDump(golden('crash-order-1.0.wipeout'));
  t.is(model.dump.version, '1.0');
  t.deepEqual(model.frames.slice(0, 2).map((f) => f.name), ['Order.total', 'checkout']);
  const result = model.evaluate('[order.constructor.name, order instanceof order.constructor, order.items.length]', 1);
  t.is(result.ok && result.value.text, "[ 'Order', true, 3 ]");
});

test('a dump written before redaction reasons were recorded loads, its markers shown as they were', async (t) => {
  const model = await loadDump(golden('crash-order-before-reasons.wipeout'));
  const caller = variables(model, 1);
  t.regex(caller.customer.text, /password: \[redacted string, 14 chars\]/);
  t.is(caller.label.text, "'order 42 for Ada'");
});
