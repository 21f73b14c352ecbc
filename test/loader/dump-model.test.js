import test from 'ava';
import { modelFromDump, renderValue } from '../../dist/loader/index.js';
import { makeDump, ref, sampleDump } from '../helpers/make-dump.js';

const model = () => modelFromDump(sampleDump());
const variables = (m, frame) => Object.fromEntries(m.scopes(frame).flatMap((s) => m.children(s.handle)).map((v) => [v.name, v.value]));

test('frames show the TypeScript position where a source map maps them and keep the generated one', (t) => {
  const [top, caller] = model().frames;
  t.is(top.name, 'Order.total');
  t.deepEqual([top.position.file, top.position.line, top.position.column], ['/app/src/order.ts', 12, 24]);
  t.deepEqual([top.generated.file, top.generated.line], ['/app/dist/order.js', 9]);
  t.is(caller.position.file, '/app/app.js');
  t.is(caller.original, undefined);
});

test('async frames have no scopes and the top user frame is the innermost user frame', (t) => {
  const m = model();
  t.true(m.frames[3].async);
  t.deepEqual(m.scopes(3), []);
  t.is(m.topUserFrame, 0);
});

test('scopes list variables innermost first, with this in the innermost scope', (t) => {
  const m = model();
  const scopes = m.scopes(0);
  t.deepEqual(scopes.map((s) => s.name), ['Block', 'Local', 'Closure (outer)']);
  t.deepEqual(m.children(scopes[0].handle).map((v) => v.name), ['this', 'missing']);
  t.regex(m.children(scopes[0].handle)[0].value.text, /^Order \{ id: 42, items: \[Array\(3\)\]/);
});

test('values render like util.inspect would have shown the originals', (t) => {
  const v = variables(model(), 1);
  t.is(v.tags.text, "Map(2) { 'a' => 1, 'b' => 2 }");
  t.is(v.seen.text, "Set(2) { [Item], 'x' }");
  t.is(v.when.text, '2026-11-25T10:00:00.000Z');
  t.is(v.re.text, '/ab+c/gi');
  t.is(v.buf.text, '<Buffer 68 65 6c 6c 6f>');
  t.is(v.u16.text, 'Uint16Array(3) [ 1, 2, 65535 ]');
  t.is(v.discount.text, '[Function: discount]');
  t.is(v.big.text, '[ 0, 1, 2, …999,997 more items (999,997 not captured: items limit) ]');
  t.is(v.sparse.text, "[ 'a', <3 empty items>, 'e' ]");
  t.is(v.cart.text, 'Cart { n: 1, total: [Getter] }');
  t.is(v.huge.text, '123456789012345678901234567890n');
  t.is(v.nan.text, 'NaN');
  t.is(v.negZero.text, '-0');
  t.is(v.sym.text, 'Symbol(tag)');
  t.is(v.long.text, "'abcdef' (1,000,000 chars)");
  t.is(v.deep.text, '[Node: not captured, depth limit]');
  t.is(v.secret.text, '[redacted string, 12 chars]');
  t.is(v.secret.type, 'redacted');
});

test('children are paged and handles are stable', (t) => {
  const m = model();
  const { big, order } = variables(m, 1);
  t.is(big.indexedCount, 3);
  t.deepEqual(m.children(big.handle, { filter: 'indexed', start: 1, count: 2 }).map((v) => [v.name, v.value.text]), [['1', '1'], ['2', '2']]);
  const named = m.children(big.handle, { filter: 'named' });
  t.true(named.some((v) => v.presentation === 'marker' && v.value.text.startsWith('…999,997 more items')));
  t.is(variables(m, 1).order.handle, order.handle);
  const self = m.children(order.handle).find((v) => v.name === 'self');
  t.is(self.value.handle, order.handle);
});

test('Map entries expand to key and value, accessors are shown and not called', (t) => {
  const m = model();
  const { tags, cart } = variables(m, 1);
  const [first] = m.children(tags.handle, { filter: 'indexed' });
  t.is(first.value.text, "'a' => 1");
  t.deepEqual(m.children(first.value.handle).map((v) => [v.name, v.value.text]), [['key', "'a'"], ['value', '1']]);
  const total = m.children(cart.handle).find((v) => v.name === 'total');
  t.is(total.presentation, 'accessor');
  t.is(total.value.text, '[Getter: accessor, not run during capture]');
});

test('the exception has its cause chain from the graph', (t) => {
  const { exception } = model();
  t.is(exception.name, 'TypeError');
  t.deepEqual(exception.causes.map((c) => `${c.name}: ${c.message}`), ['RangeError: quantity out of range', 'Error: disk on fire']);
});

test('sources give the embedded text and say when the local file does not match', (t) => {
  const m = model();
  const ts = m.source(m.frames[0].position.sourceRef);
  t.is(ts.origin, 'embedded');
  t.is(ts.localPath, undefined);
  t.regex(m.sourceText(ts.ref), /return sum \+ missing\.tax;/);
});

test('each captured cause throw site is a thread of its own with scopes', (t) => {
  const dump = sampleDump();
  dump.causeSites = [{
    depth: 2,
    frames: [{ functionName: 'read', url: 'file:///app/db.js', file: '/app/db.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables: [{ name: 'fd', value: 7 }] }] }],
  }];
  const m = modelFromDump(dump);
  t.deepEqual(m.threads.map((th) => [th.id, th.name, th.causeDepth]), [[1, 'main', undefined], [2, 'cause 2', 2]]);
  const [site] = m.framesOf(2);
  t.is(site.index, 4);
  t.is(m.frame(4), site);
  t.is(m.frames.length, 4);
  t.deepEqual(m.children(m.scopes(4)[0].handle).map((v) => `${v.name}=${v.value.text}`), ['fd=7']);
  t.is(m.evaluate('fd + 1', 4).primitive, 8);
  t.is(m.exception.causes[1].threadId, 2);
  t.is(m.exception.causes[0].threadId, undefined);
});

test('promises show their state, and one whose state was not captured says so', (t) => {
  const promise = (state, result) => ({ kind: 'promise', className: 'Promise', props: [], state, ...(result === undefined ? {} : { result }) });
  const m = modelFromDump(makeDump({ objects: [promise('fulfilled', 42), promise('pending'), promise('unknown')] }));
  t.is(renderValue(m, ref(0)), 'Promise { 42 }');
  t.is(renderValue(m, ref(1)), 'Promise { <pending> }');
  t.is(renderValue(m, ref(2)), 'Promise { <state not captured> }');
  const slots = m.children(m.describe(ref(2)).handle).map((v) => [v.name, v.value.text]);
  t.deepEqual(slots, [['[[PromiseState]]', "'unknown'"]]);
});

/** [what the dump says, how the loader shows it]: reasons from the hook, old dumps, damaged reasons. */
const redactions = [
  [{ t: 'redacted', type: 'string', length: 9, why: { rule: 'name', match: 'session' } }, '[redacted: name matches "session", 9 chars]'],
  [{ t: 'redacted', type: 'string', length: 9, why: { rule: 'name', match: 'session', under: 'sessions' } }, '[redacted: inside "sessions", whose name matches "session", 9 chars]'],
  [{ t: 'redacted', type: 'string', length: 1704, why: { rule: 'shape', match: 'PEM private key' } }, '[redacted: looks like a PEM private key, 1,704 chars]'],
  [{ t: 'redacted', type: 'number' }, '[redacted number]'],
  [{ t: 'redacted', type: 'string', length: 9, why: { rule: 'guess', match: 'x' } }, '[redacted string, 9 chars]'],
  [{ t: 'redacted', type: 'string', length: 9, why: { rule: 'name', match: 'x'.repeat(5000) } }, `[redacted: name matches "${'x'.repeat(80)}…", 9 chars]`],
];

for (const [value, text] of redactions) {
  test(`a redacted value ${JSON.stringify(value.why ?? 'without a reason').slice(0, 60)} shows as ${text.slice(0, 50)}`, (t) => {
    const dump = makeDump({ frames: [{ functionName: 'f', url: 'file:///app/a.js', file: '/app/a.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables: [{ name: 'v', value }] }] }] });
    t.is(variables(modelFromDump(dump), 0).v.text, text);
  });
}
