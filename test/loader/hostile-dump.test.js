import test from 'ava';
import fc from 'fast-check';
import { modelFromDump, renderValue } from '../../dist/loader/index.js';
import { makeDump, prop, ref } from '../helpers/make-dump.js';

const frameWith = (variables, extra = {}) => ({
  functionName: 'f', url: 'file:///x.js', file: '/x.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables }], ...extra,
});

/** Walks every value the model offers, as a debugger expanding everything would. */
function walk(model, limit = 2000) {
  let visited = 0;
  const seen = new Set();
  const queue = model.frames.flatMap((f) => model.scopes(f.index).map((s) => s.handle));
  queue.push(model.exception.value.handle);
  while (queue.length > 0 && visited < limit) {
    const handle = queue.shift();
    if (!handle || seen.has(handle)) continue;
    seen.add(handle);
    for (const child of model.children(handle, { count: 50 })) {
      visited++;
      t_check(child);
      queue.push(child.value.handle);
    }
  }
  return visited;
}
const t_check = (child) => {
  if (typeof child.name !== 'string' || typeof child.value.text !== 'string') throw new Error('malformed child');
};

test('dangling, malformed and cyclic references show as missing instead of crashing', (t) => {
  const dump = makeDump({
    objects: [
      { kind: 'object', className: 'A', props: [prop('self', ref(0)), prop('gone', ref(99)), prop('bad', { t: 'ref', ref: 'x' }), prop('odd', { t: 'nope' })], proto: ref(0) },
      null,
      { kind: 'array', className: 'Array', props: [], length: 1e15, items: [[0, ref(1)], ['x', 1], null] },
      { kind: 'map', className: 'Map', props: [], size: -5, entries: [[ref(2), ref(2)], 'junk'] },
    ],
    frames: [frameWith([prop('a', ref(0)), prop('nothing', ref(1)), prop('arr', ref(2)), prop('map', ref(3)), prop('neg', ref(-1))])],
    error: ref(42),
  });
  const model = modelFromDump(dump);
  const vars = Object.fromEntries(model.children(model.scopes(0)[0].handle).map((v) => [v.name, v.value.text]));
  t.is(vars.nothing, '<missing object #1>');
  t.is(vars.neg, '<missing object #-1>');
  t.regex(vars.a, /^A \{ self: \[A\], gone: <missing object #99>, bad: <missing: a malformed reference>, odd: <missing: a malformed value> \}$/);
  t.is(vars.arr, '[ <missing object #1>, <999,999,999,999,999 empty items> ]');
  t.true(walk(model) > 0);
  t.is(model.exception.value.type, 'missing');
});

test('__proto__ and constructor names pollute nothing, in the model or in the sandbox', (t) => {
  const dump = makeDump({
    objects: [{ kind: 'object', className: '__proto__', props: [prop('__proto__', ref(0)), prop('constructor', 'x'), prop('polluted', true)] }],
    frames: [frameWith([prop('__proto__', ref(0)), prop('constructor', 1), prop('hasOwnProperty', 2), prop('o', ref(0))])],
  });
  const model = modelFromDump(dump);
  t.deepEqual(model.children(model.scopes(0)[0].handle).map((v) => v.name), ['__proto__', 'constructor', 'hasOwnProperty', 'o']);
  walk(model);
  const result = model.evaluate("Object.getOwnPropertyNames(o).join(',')", 0);
  t.is(result.ok && result.primitive, '__proto__,constructor,polluted');
  t.is({}.polluted, undefined);
  t.is(Object.prototype.polluted, undefined);
});

test('absurd sizes give a correct paged view without allocating them', (t) => {
  const dump = makeDump({
    objects: [
      { kind: 'array', className: 'Array', props: [], length: 4294967295, items: [[4294967294, 'last']] },
      { kind: 'set', className: 'Set', props: [], size: 1e12, values: [], valuesTruncated: { limit: 'items', omitted: 1e12 } },
    ],
    frames: [frameWith([prop('a', ref(0)), prop('s', ref(1))])],
  });
  const model = modelFromDump(dump);
  const [a, s] = model.children(model.scopes(0)[0].handle);
  t.is(a.value.indexedCount, 4294967295);
  t.deepEqual(model.children(a.value.handle, { filter: 'indexed', start: 4294967293, count: 5 }).map((v) => v.value.text), ['<empty item>', "'last'"]);
  t.is(s.value.text, 'Set(1000000000000) { …1,000,000,000,000 more items (1,000,000,000,000 not captured: items limit) }');
});

test('a non-finite raw number is shown as the malformed number it is, as renderValue says', (t) => {
  // Found by the property below (fast-check seed -492910863): the view said "a malformed value".
  const variables = [prop('inf', Number.POSITIVE_INFINITY), prop('nan', Number.NaN)];
  const model = modelFromDump(makeDump({ objects: [], frames: [frameWith(variables)] }));
  t.teardown(() => model.close());
  const shown = model.children(model.scopes(0)[0].handle).map((view) => view.value.text);
  t.deepEqual(shown, ['<missing: a malformed number>', '<missing: a malformed number>']);
  t.deepEqual(variables.map((variable) => renderValue(model, variable.value)), shown);
});

test('random garbage in the object table never crashes the model', (t) => {
  const junk = fc.oneof(fc.anything(), fc.record({ kind: fc.constantFrom('object', 'array', 'map', 'set', 'error', 'bytes', 'function', 'promise', 'proxy'), className: fc.anything(), props: fc.anything(), items: fc.anything(), entries: fc.anything(), values: fc.anything(), length: fc.anything(), size: fc.anything(), elements: fc.anything(), base64: fc.anything(), cause: fc.anything() }));
  t.notThrows(() => fc.assert(
    fc.property(fc.array(junk, { maxLength: 8 }), fc.array(fc.anything(), { maxLength: 5 }), (objects, values) => {
      const variables = [...values.map((v, i) => prop(`v${i}`, v)), ...objects.map((_, i) => prop(`r${i}`, ref(i)))];
      const model = modelFromDump(makeDump({ objects, frames: [frameWith(variables)], error: ref(0) }));
      try {
        walk(model, 300);
        // Each captured value renders to a line, the same one the model shows for the variable.
        const shown = model.children(model.scopes(0)[0].handle);
        for (const variable of variables) {
          const text = renderValue(model, variable.value);
          if (typeof text !== 'string' || text.length === 0) throw new Error(`${variable.name} rendered as ${String(text)}`);
          const view = shown.find((v) => v.name === variable.name);
          if (!view) throw new Error(`${variable.name} is not shown`);
          if (view.value.text !== text) throw new Error(`${variable.name}: shown ${view.value.text}, rendered ${text}`);
        }
        const { exception } = model;
        if (typeof exception.name !== 'string' || typeof exception.value.text !== 'string') throw new Error('malformed exception');
        // Damaged values become markers, so evaluation succeeds.
        const result = model.evaluate('Object.keys(globalThis).length', 0);
        return result.ok === true && Number.isInteger(result.primitive);
      } finally {
        // Each model's evaluator is a process of its own.
        model.close();
      }
    }),
    { numRuns: 150 },
  ));
});

test('captured variables named like globals shadow them without breaking evaluation', (t) => {
  const dump = makeDump({
    frames: [frameWith([prop('globalThis', 1), prop('Object', 'mine'), prop('undefined', 5), prop('__wipeoutThis__', 2)], { this: 'the this' })],
  });
  const model = modelFromDump(dump);
  t.is(model.evaluate('[globalThis, Object, typeof undefined, this].join()', 0).primitive, "1,mine,undefined,the this");
});
