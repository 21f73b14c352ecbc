import test from 'ava';
import { readFileSync } from 'node:fs';
import { runFixture } from '../helpers/crash-run.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';

test('a CommonJS crash leaves one dump with the locals of every user frame', async (t) => {
  const result = await runFixture('cjs-nested.cjs');
  t.is(result.code, 1);
  t.is(result.dumps.length, 1);
  const { dump } = result.dumps[0];
  t.is(dump.capture.method, 'pause');
  t.is(dump.errorSummary.name, 'TypeError');
  t.deepEqual(dump.frames.filter((frame) => frame.kind === 'user').map((frame) => frame.functionName).slice(0, 3), ['parseOrder', 'handle', 'main']);
  const parse = frameNamed(dump, 'parseOrder');
  t.is(parse.line, 4);
  t.true(parse.file.endsWith('cjs-nested.cjs'));
  t.is(deref(dump, variables(parse).order).className, 'Object');
  t.is(prop(deref(dump, variables(parse).order), 'id'), 'A-17');
  t.is(variables(frameNamed(dump, 'handle')).attempt, 3);
  t.is(prop(deref(dump, variables(frameNamed(dump, 'main')).request), 'method'), 'POST');
  t.deepEqual(parse.params, ['order']);
  t.deepEqual(frameNamed(dump, 'handle').params, ['request']);
  // The caller's `order` and the callee's parameter are one object in the graph.
  t.deepEqual(variables(parse).order, variables(frameNamed(dump, 'handle')).order);
});

test('a dump keeps identity, cycles and every kind of value', async (t) => {
  const { dumps } = await runFixture('values.cjs', { env: { TRACE_FILE: '/dev/null' } });
  const { dump } = dumps[0];
  const values = deref(dump, variables(frameNamed(dump, 'inspectMe')).values);
  const get = (name) => prop(values, name);
  const node = (name) => deref(dump, get(name));
  t.deepEqual(get('a'), get('b'));
  const cyclic = node('cyclic');
  t.deepEqual(prop(cyclic, 'self'), get('cyclic'));
  t.is(node('order').className, 'Order');
  t.is(node('map').kind, 'map');
  t.is(node('map').size, 2);
  t.deepEqual(node('map').entries[0], ['k', get('a')]);
  t.deepEqual(node('set').values, [1, 'two']);
  t.is(node('date').time, Date.UTC(2024, 0, 2));
  t.like(node('regexp'), { kind: 'regexp', source: 'ab+c', flags: 'gi' });
  t.like(node('error'), { kind: 'error', name: 'RangeError', message: 'inner' });
  t.like(node('buffer'), { kind: 'bytes', className: 'Buffer', base64: Buffer.from('hello').toString('base64') });
  t.like(node('typed'), { kind: 'bytes', className: 'Int16Array', elements: [1, -2, 3] });
  t.like(node('arrayBuffer'), { kind: 'bytes', className: 'ArrayBuffer', byteLength: 4 });
  t.deepEqual(get('bigint'), { t: 'bigint', v: '12345678901234567890' });
  t.deepEqual(get('symbol'), { t: 'symbol', description: 'tag' });
  t.deepEqual(get('nan'), { t: 'number', v: 'NaN' });
  t.deepEqual(get('negativeZero'), { t: 'number', v: '-0' });
  t.deepEqual(get('infinity'), { t: 'number', v: 'Infinity' });
  t.deepEqual(get('minusInfinity'), { t: 'number', v: '-Infinity' });
  t.deepEqual(get('undef'), { t: 'undefined' });
  t.is(get('nul'), null);
  t.deepEqual(node('sparse').items, [[0, 1], [2, 3]]);
  t.is(node('sparse').length, 3);
  t.like(node('fn'), { kind: 'function', name: 'namedFunction', flavor: 'function' });
  t.true(node('fn').sourceText.includes('return x + 1'));
  const fixtureLines = readFileSync(new URL('../fixtures/crash/values.cjs', import.meta.url), 'utf8').split('\n');
  t.is(node('fn').location.line, fixtureLines.findIndex((line) => line.includes('function namedFunction')) + 1);
  t.like(node('arrow'), { kind: 'function', flavor: 'arrow' });
  t.like(node('promise'), { kind: 'promise', state: 'fulfilled', result: 'done' });
  t.like(node('pending'), { kind: 'promise', state: 'pending' });
  t.like(node('weakMap'), { kind: 'opaque', className: 'WeakMap' });
  t.like(node('weakSet'), { kind: 'opaque', className: 'WeakSet' });
  t.is(node('proxy').kind, 'proxy');
  t.is(prop(deref(dump, node('proxy').target), 'inside'), 1);
  t.is(node('nullProto').proto, null);
  t.like(node('boxed'), { kind: 'boxed', primitive: 'boxed' });
  const accessor = node('watched').props.find((property) => property.name === 'secretive');
  t.is(accessor.value, undefined);
  t.like(deref(dump, accessor.get), { kind: 'function' });
});

test('capturing runs no getter, Proxy trap, toJSON, toPrimitive, inspect.custom or patched global', async (t) => {
  const dir = (await import('../helpers/crash-run.js')).freshDir();
  const trace = `${dir}/trace.txt`;
  const result = await runFixture('values.cjs', { dir, env: { TRACE_FILE: trace } });
  t.is(result.dumps.length, 1);
  let traced = '';
  try {
    traced = readFileSync(trace, 'utf8');
  } catch {
    // No file: nothing ran.
  }
  t.is(traced, '');
});

test('a class method frame records the class and the instance as this', async (t) => {
  const { dumps } = await runFixture('class-method.cjs');
  const { dump } = dumps[0];
  const frame = frameNamed(dump, 'checkout');
  t.is(frame.className, 'Cart');
  const self = deref(dump, frame.this);
  t.is(self.className, 'Cart');
  t.is(prop(self, 'owner'), 'ada');
  t.deepEqual(variables(frame).coupon, { t: 'undefined' });
});

test('the error and its stack are in the dump', async (t) => {
  const { dumps } = await runFixture('timer.cjs');
  const { dump } = dumps[0];
  const error = deref(dump, dump.error);
  t.like(error, { kind: 'error', name: 'Error', message: 'timer failed after 2 retries at tick 7' });
  t.true(error.stack.includes('onTimer'));
  t.is(variables(frameNamed(dump, 'onTimer')).tick, 7);
  t.is(prop(deref(dump, variables(frameNamed(dump, 'onTimer')).config), 'retries'), 2);
});

test('an I/O callback throw is captured with its locals', async (t) => {
  const { dumps } = await runFixture('io-callback.cjs');
  const source = readFileSync(new URL('../fixtures/crash/io-callback.cjs', import.meta.url), 'utf8');
  // `length` is the callback's local variable, not a property of the helper's result.
  t.is(variables(frameNamed(dumps[0].dump, 'onRead')).length, source.length);
});

test('an EventEmitter error without listener is captured from the emitting frame', async (t) => {
  const { dumps } = await runFixture('emitter.cjs');
  const { dump } = dumps[0];
  t.is(variables(frameNamed(dump, 'fail')).reason, 'disk full');
});

test('a thrown primitive is the dump\'s error', async (t) => {
  const { dumps } = await runFixture('primitive-throw.cjs');
  const { dump } = dumps[0];
  t.is(dump.error, 'plain string thrown');
  t.is(variables(frameNamed(dump, 'raise')).code, 42);
});

test('limits leave explicit markers where they cut', async (t) => {
  const { dumps } = await runFixture('big.cjs', { env: { WIPEOUT_LIMITS: JSON.stringify({ depth: 5, items: 100, properties: 50, stringLength: 1000 }) } });
  const { dump } = dumps[0];
  const locals = variables(frameNamed(dump, 'heavy'));
  const many = deref(dump, locals.many);
  t.is(many.items.length, 100);
  t.deepEqual(many.itemsTruncated, { limit: 'items', omitted: 4900 });
  t.deepEqual(locals.long, { t: 'string', v: 'x'.repeat(1000), length: 100_000 });
  const wide = deref(dump, locals.wide);
  t.is(wide.props.length, 50);
  t.deepEqual(wide.truncated, { limit: 'properties', omitted: 1950 });
  const stampedDate = deref(dump, locals.stampedDate);
  t.is(stampedDate.kind, 'date');
  t.deepEqual(stampedDate.truncated, { limit: 'properties', omitted: 1950 });
  let node = deref(dump, locals.deep);
  let cut;
  for (let hops = 0; hops < 10 && !cut; hops++) {
    const next = prop(node, 'next');
    if (next.t === 'cut') cut = next;
    else node = deref(dump, next);
  }
  t.like(cut, { t: 'cut', why: { limit: 'depth' }, className: 'Object' });
  t.deepEqual(dump.limits, { ...dump.limits, depth: 5, items: 100, properties: 50, stringLength: 1000 });
});

test('a CommonJS entry preloaded with -r reports an uncaughtException', async (t) => {
  const { dumps, code } = await runFixture('cjs-nested.cjs', { hook: 'require' });
  t.is(code, 1);
  t.is(dumps[0].dump.reason, 'uncaughtException');
  t.is(variables(frameNamed(dumps[0].dump, 'handle')).attempt, 3);
});

test('the process and the running source are recorded', async (t) => {
  const { dumps, pid } = await runFixture('cjs-nested.cjs', { args: ['--flag'] });
  const { dump } = dumps[0];
  t.true(dump.process.argv.includes('--flag'));
  // The fixture is this test process's direct child.
  t.true(Number.isInteger(pid) && pid > 0);
  t.is(dump.process.pid, pid);
  t.is(dump.process.ppid, process.pid);
  t.truthy(dump.process.versions.v8);
  t.truthy(dump.process.hostname);
  t.true(dump.process.memory.rss > 0);
  t.deepEqual(dump.thread, { id: 0, name: 'main', isMain: true });
  const frame = frameNamed(dump, 'parseOrder');
  const source = dump.sources[frame.source];
  t.is(source.role, 'generated');
  t.true(source.text.includes('function parseOrder(order)'));
  t.regex(source.sha256, /^[0-9a-f]{64}$/);
});
