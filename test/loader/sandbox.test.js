import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { sampleDump } from '../helpers/make-dump.js';

const model = modelFromDump(sampleDump());
const evaluate = (expression, frame = 1) => {
  const result = model.evaluate(expression, frame);
  return result.ok ? result.value.text : `error: ${result.error}`;
};

const evaluates = test.macro((t, expression, frame, expected) => {
  const actual = evaluate(expression, frame);
  if (expected instanceof RegExp) t.regex(actual, expected);
  else t.is(actual, expected);
});

test('expressions over captured objects work', evaluates, 'order.items.filter(i => i.qty > 2).length', 1, '2');
test('this is the frame\'s this', evaluates, 'this.items.map(i => i.price * i.qty)', 0, '[ 10, 15, 8 ]');
test('inner scopes shadow outer ones', evaluates, '[sum, taxRate]', 0, '[ 28, 0.25 ]');
test('class instances keep their class name', evaluates, 'order.constructor.name + "/" + (order instanceof order.constructor)', 1, "'Order/true'");
test('Map, Set, Date and RegExp are real ones', evaluates, '[tags.get("b"), seen.size, when.getUTCFullYear(), re.test("xABBC")]', 1, '[ 2, 2, 2026, true ]');
test('typed arrays and buffers are real ones', evaluates, '[u16[2], buf.length, buf[0]]', 1, '[ 65535, 5, 104 ]');
test('cycles and shared references hold', evaluates, '[order.self === order, seen.has(order.items[0])]', 1, '[ true, true ]');
test('statements run too and their variables stay for the next expression', evaluates, 'let twice = count * 2; twice', 1, '6');
test('captured functions show their source', evaluates, 'String(discount)', 1, "'(o) => o.id * 2'");
test('captured functions throw a clear error when called', evaluates, 'discount(order)', 1, /discount is a function of the crashed program: it cannot run in a postmortem session/);
test('getters are not run', evaluates, 'cart.total', 1, /getter total is an accessor of the crashed program/);
test('redacted values are visible as such', evaluates, 'String(secret)', 1, "'[redacted string, 12 chars]'");
test('values not captured are visible as such', evaluates, 'String(deep)', 1, "'[Node not captured: depth limit 8 (WIPEOUT_LIMITS)]'");
test('a runaway expression is stopped', evaluates, 'while (true) {}', 1, 'error: The expression was stopped after 1000 ms');
test('a runaway promise job is stopped', evaluates, 'Promise.resolve().then(() => { for (;;); }), 1', 1, 'error: The expression was stopped after 1000 ms');
test('there is no process', evaluates, 'typeof process', 1, "'undefined'");
test('there is no require', evaluates, 'typeof require', 1, "'undefined'");
test('import() is refused', evaluates, 'import("node:fs")', 1, /import\(\) is not available/);
test('import() with a comment in between is refused', evaluates, 'import /* x */ ("node:fs")', 1, /import\(\) is not available/);
test('constructor chains do not reach the host', evaluates, 'this.constructor.constructor("return process")()', 1, /EvalError: Code generation from strings disallowed/);
test('constructor chains from captured objects do not reach the host', evaluates, 'order.constructor.constructor.constructor("return process")()', 1, /EvalError/);
test('eval is refused', evaluates, 'eval("1 + 1")', 1, /EvalError/);
test('the global object\'s constructor is the sandbox\'s', evaluates, 'globalThis.constructor.constructor === Function', 1, 'true');
test('syntax errors come back as a message', evaluates, 'order.(', 1, /^error: SyntaxError/);

test('the prompt survives a runaway expression', (t) => {
  t.is(evaluate('while (true) {}'), 'error: The expression was stopped after 1000 ms');
  t.is(evaluate('count + 1'), '4');
});

test('results that are captured objects map back to the dump\'s handles', (t) => {
  const result = model.evaluate('order', 1);
  const direct = model.children(model.scopes(1)[0].handle).find((v) => v.name === 'order');
  t.true(result.ok);
  t.is(result.value.handle, direct.value.handle);
});

test('new objects from an expression can be expanded', (t) => {
  const result = model.evaluate('({ a: 1, list: [1, 2, 3] })', 1);
  t.true(result.ok);
  const children = model.children(result.value.handle);
  t.deepEqual(children.map((v) => [v.name, v.value.text]), [['a', '1'], ['list', '[ 1, 2, 3 ]']]);
  t.deepEqual(model.children(children[1].value.handle, { filter: 'indexed' }).map((v) => v.value.text), ['1', '2', '3']);
});

test('a captured Buffer decodes like Node\'s', evaluates, '[buf.toString(), buf.toString("hex"), buf.toString("base64"), buf.constructor.name]', 1, "[ 'hello', '68656c6c6f', 'aGVsbG8=', 'Buffer' ]");
