// The evaluator is given a frame's values as expressions name them (loader/sandbox/expression-names.ts):
// a variable not sent yet must never look undefined or "not captured", objects reachable from
// variables sent at different times stay one object, and a way to the global object gets the
// whole frame. Each test has its own model, so its first evaluation is the frame's first.
import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { expressionNames } from '../../dist/loader/sandbox/expression-names.js';
import { FrameShipment } from '../../dist/loader/sandbox/frame-shipment.js';
import { makeDump, prop, ref } from '../helpers/make-dump.js';

/** A frame whose variables share objects, with a cut array reached by two paths and an outer scope. */
function extensionDump() {
  const objects = [];
  const add = (node) => objects.push(node) - 1;
  const shared = add({ kind: 'object', className: 'Object', props: [prop('x', 1)] });
  const items = add({ kind: 'array', className: 'Array', props: [], length: 2, items: [[0, ref(shared)], [1, 'two']] });
  const order = add({ kind: 'object', className: 'Order', props: [prop('id', 42), prop('items', ref(items)), prop('shared', ref(shared))] });
  const other = add({ kind: 'object', className: 'Object', props: [prop('items', ref(items)), prop('shared', ref(shared))] });
  const jobs = add({ kind: 'array', className: 'Array', props: [], length: 1000, items: [[0, 'a'], [1, 'b']], itemsTruncated: { limit: 'items', omitted: 998 } });
  const data = add({ kind: 'object', className: 'Object', props: [prop('jobs', ref(jobs))] });
  const report = add({ kind: 'object', className: 'Object', props: [prop('data', ref(data))] });
  const self = add({ kind: 'object', className: 'Service', props: [prop('name', 'svc')] });
  const buf = add({ kind: 'bytes', className: 'Buffer', props: [], length: 2, byteLength: 2, base64: Buffer.from('hi').toString('base64') });
  const cutBuf = add({ kind: 'bytes', className: 'Uint8Array', props: [], length: 4, byteLength: 4, base64: Buffer.from('ab').toString('base64'), itemsTruncated: { limit: 'items', omitted: 2 } });
  const frames = [
    {
      functionName: 'run', url: 'file:///app/app.js', file: '/app/app.js', line: 1, column: 1, kind: 'user',
      scopes: [
        {
          type: 'local',
          variables: [
            prop('id', 7), prop('order', ref(order)), prop('other', ref(other)), prop('report', ref(report)),
            prop('alias', ref(jobs)), prop('buf', ref(buf)), prop('length', 3), prop('café', 'crème'), prop('nothing', { t: 'undefined' }),
            prop('cutBuf', ref(cutBuf)),
          ],
        },
        { type: 'closure', variables: [prop('id', 'outer'), prop('outerOnly', 'from outside')] },
      ],
      this: ref(self),
    },
    {
      functionName: 'fail', url: 'file:///app/app.js', file: '/app/app.js', line: 2, column: 1, kind: 'user',
      // A primitive named `Error` cannot be the locked global: the sandbox hands it over as a parameter.
      scopes: [{ type: 'local', variables: [prop('Error', 'captured'), prop('count', 2)] }],
    },
  ];
  return makeDump({ frames, objects });
}

/** A fresh model (and so a fresh evaluator) and an `evaluate` that answers with text. */
function session() {
  const model = modelFromDump(extensionDump());
  const evaluate = (expression, frame = 0) => {
    const result = model.evaluate(expression, frame);
    return result.ok ? result.value.text : `error: ${result.error}`;
  };
  return { model, evaluate };
}

/** Outer scopes are defined first, so `id` (in both) comes first. */
const ALL_NAMES = "'id,outerOnly,order,other,report,alias,buf,length,café,nothing,cutBuf'";

test('id, then order.items, then an expression over two variables sharing an object keep that object one', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  t.is(evaluate('id'), '7');
  const made = model.evaluate('({ list: [id] })', 0);
  const items = model.evaluate('saved = order.items', 0);
  t.true(items.ok);
  t.is(evaluate('[saved === other.items, order.shared === other.shared, other.items[0] === order.shared]'), '[ true, true, true ]');
  // A handle from before the extension still shows the dump's object.
  t.deepEqual(model.children(items.value.handle, { filter: 'indexed' }).map((v) => v.value.text), ['{ x: 1 }', "'two'"]);
  // So does an object an expression made before it.
  t.deepEqual(model.children(made.value.handle).map((v) => [v.name, v.value.text]), [['list', '[ 7 ]']]);
});

// The point of the parts: what each one carries. Every other test here would pass if the whole
// frame went at the first evaluation; these fail then.
test('a part carries only the variables its expression names and the objects not sent before', (t) => {
  const model = modelFromDump(extensionDump());
  t.teardown(() => model.close());
  const shipment = new FrameShipment();
  const ship = (expression) => {
    const part = shipment.next(model, 0, expressionNames(expression, model.namesInFrame(0)));
    if (!part) return undefined;
    part.commit();
    const spec = JSON.parse(part.text);
    return { vars: spec.vars.map(([name]) => name), nodes: spec.nodes.map(([ref]) => ref), complete: spec.complete === true, this: 'this' in spec };
  };
  // Both bindings of `id` (outer first, so the inner one shadows it), no object.
  t.deepEqual(ship('id + 1'), { vars: ['id', 'id'], nodes: [], complete: false, this: false });
  // order reaches shared (0), items (1) and itself (2); nothing of other, report or this. (A
  // property name counts as a name too: `order.items.length` would also send the variable `length`.)
  t.deepEqual(ship('order.items[0]'), { vars: ['order'], nodes: [0, 1, 2], complete: false, this: false });
  t.is(ship('order.id + id'), undefined, 'nothing new to send');
  // other reaches items and shared again: only other itself (3) goes.
  t.deepEqual(ship('other'), { vars: ['other'], nodes: [3], complete: false, this: false });
  const whole = ship('Object.keys(globalThis)');
  t.true(whole.complete && whole.this);
  t.deepEqual(whole.vars.sort(), ['alias', 'buf', 'café', 'cutBuf', 'length', 'nothing', 'outerOnly', 'report']);
  t.false(whole.nodes.some((ref) => ref <= 3), 'objects sent before are not sent again');
  t.is(ship('report'), undefined, 'a complete frame takes no more parts');
});

test('each way to the global object asks for the whole frame; names are taken wherever they appear', (t) => {
  const names = ['id', 'order', 'café'];
  for (const expression of ['globalThis', 'this.x', 'super.x', 'Error', 'arguments[0]', '\\u0069d', '__wipeoutThis__']) {
    t.is(expressionNames(expression, names), 'all', expression);
  }
  t.deepEqual([...expressionNames('"order" + 1 // id', names)], ['id', 'order']);
  t.deepEqual([...expressionNames('orders.length + idx', names)], []);
  t.deepEqual([...expressionNames('x·café', names)], ['café']);
});

test('a mutation in one evaluation is seen by a later one that needed more variables', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  t.is(evaluate('order.shared.x = 99'), '99');
  t.is(evaluate('id = 100'), '100');
  t.is(evaluate('[other.shared.x, id, order.items[0].x]'), '[ 99, 100, 99 ]');
});

const firstEvaluation = test.macro({
  exec(t, expression, expected) {
    const { model, evaluate } = session();
    t.teardown(() => model.close());
    const actual = evaluate(expression);
    if (expected instanceof RegExp) t.regex(actual, expected);
    else t.is(actual, expected);
  },
  title: (given, expression) => given ?? `a first evaluation of ${expression} sees the captured values`,
});

test(firstEvaluation, 'typeof outerOnly', "'string'");
test(firstEvaluation, '`${id}/${outerOnly}`', "'7/from outside'");
test(firstEvaluation, 'order?.items.length', '2');
test(firstEvaluation, '[nothing, typeof nothing]', "[ undefined, 'undefined' ]");
test(firstEvaluation, 'café', "'crème'");
test(firstEvaluation, 'let n = id; n + 1', '8');
test('an expression that names no variable, then one that does', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  t.is(evaluate('1 + 1'), '2');
  t.is(evaluate('id'), '7');
});
test('an inner variable still shadows an outer one of the same name on a first evaluation', firstEvaluation, '[id, outerOnly]', "[ 7, 'from outside' ]");
test('a name mentioned only in a string is harmless and the variable works afterwards', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  t.is(evaluate('"order".length'), '5');
  t.is(evaluate('order.items === other.items'), 'true');
});

test('Object.keys(globalThis) lists every variable on the first evaluation', firstEvaluation, 'Object.keys(globalThis).join()', ALL_NAMES);
test('a sloppy function\'s this reaches every variable on the first evaluation', firstEvaluation, '(function () { return Object.keys(this).join() })()', ALL_NAMES);
test('super.valueOf() of a method called without a receiver reaches every variable', firstEvaluation, '({ m() { return Object.keys(super.valueOf()).join() } }).m.call()', ALL_NAMES);
test('a \\u escape in an identifier reaches its variable', firstEvaluation, '[\\u0069d, Object.keys(globalTh\\u0069s).length]', '[ 7, 11 ]');
test('this is the frame\'s this on a first evaluation', firstEvaluation, 'this.name', "'svc'");
test('this is the frame\'s this after a partial frame', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  t.is(evaluate('id'), '7');
  t.is(evaluate('[this.name, Object.keys(globalThis).length, order.shared === other.shared]'), "[ 'svc', 11, true ]");
});

test('a captured Error is the frame\'s, on a first evaluation and after a partial frame', (t) => {
  const first = session();
  t.teardown(() => first.model.close());
  t.is(first.evaluate('[typeof Error, arguments[0]]', 1), "[ 'string', 'captured' ]");
  const later = session();
  t.teardown(() => later.model.close());
  t.is(later.evaluate('count', 1), '2');
  t.is(later.evaluate('Error', 1), "'captured'");
  t.is(later.evaluate('new TypeError("x").stack.split("\\n")[0]', 1), "'TypeError: x'");
});

test('a cut array names the path the expression took to it', (t) => {
  const viaReport = session();
  t.teardown(() => viaReport.model.close());
  t.is(viaReport.evaluate('report.data.jobs[500]'),
    'error: NotCapturedError: report.data.jobs[500] was not captured: items limit 100 (WIPEOUT_LIMITS); report.data.jobs has 1,000 items, 2 were captured');
  const viaAlias = session();
  t.teardown(() => viaAlias.model.close());
  t.regex(viaAlias.evaluate('alias[500]'), /^error: NotCapturedError: alias\[500\] was not captured/);
  // Sent before, it keeps its label when another path to it comes later.
  t.regex(viaAlias.evaluate('report.data.jobs === alias && report.data.jobs[500]'), /^error: NotCapturedError: alias\[500\] was not captured/);
});

test('a Buffer\'s toString called without a receiver does not read variables from the global object', firstEvaluation, 'buf.toString.call()', /^error: TypeError/);

// The methods of a cut typed array's view run with the receiver they are given: in sloppy code an
// absent one would be the global object, and Object.prototype.valueOf would hand it over.
test('a cut typed array\'s methods called without a receiver do not hand over the global object', firstEvaluation, 'Object.keys(cutBuf.valueOf.call()).join()', /^error: TypeError/);

test('completions of a variable not sent yet list its properties', (t) => {
  const { model } = session();
  t.teardown(() => model.close());
  t.true(model.completions(0, 'order').includes('items'));
  t.deepEqual(model.completions(0, 'other.shared').filter((name) => name === 'x'), ['x']);
  t.is(model.evaluate('order.shared === other.shared', 0).value.text, 'true');
});

test.serial('after the evaluator is restarted, every part of the frame is rebuilt in order, objects still shared', (t) => {
  const { model, evaluate } = session();
  t.teardown(() => model.close());
  // A small heap, read when the evaluator starts, so that the array below ends it quickly.
  process.env.WIPEOUT_EVALUATOR_MEMORY = '64';
  try {
    t.is(evaluate('id'), '7');
  } finally {
    delete process.env.WIPEOUT_EVALUATOR_MEMORY;
  }
  t.is(evaluate('order.items.length'), '2');
  t.regex(evaluate('new Array(1e8).fill(0)'), /the evaluator was restarted/);
  t.is(evaluate('[order.items === other.items, id, outerOnly]'), "[ true, 7, 'from outside' ]");
});

test.serial('a later part that does not fit the evaluator\'s heap says the evaluator was restarted, and the next try answers', (t) => {
  const dump = extensionDump();
  // 200,000 rows: about 10 MB of values, more than a 32 MB heap can rebuild.
  const rows = Array.from({ length: 200_000 }, (_, i) => dump.objects.push({ kind: 'object', className: 'Object', props: [prop('id', i), prop('name', `row ${i}`)] }) - 1);
  const table = dump.objects.push({ kind: 'array', className: 'Array', props: [], length: rows.length, items: rows.map((index, i) => [i, ref(index)]) }) - 1;
  dump.frames[0].scopes[0].variables.push(prop('rows', ref(table)));
  const model = modelFromDump(dump);
  t.teardown(() => model.close());
  process.env.WIPEOUT_EVALUATOR_MEMORY = '32';
  try {
    t.is(model.evaluate('order.shared.x = 5', 0).primitive, 5);
  } finally {
    delete process.env.WIPEOUT_EVALUATOR_MEMORY;
  }
  // The change above is lost with the evaluator: that must be said, not shown as x = 1.
  const grown = model.evaluate('[rows[199999].name, order.shared.x]', 0);
  t.false(grown.ok);
  t.regex(grown.error, /could not be rebuilt in the evaluator: they do not fit in its heap limit of \d+ MB; the evaluator was restarted/);
  t.is(model.evaluate('[rows[199999].name, order.shared.x]', 0).value.text, "[ 'row 199999', 1 ]");
});
