import test from 'ava';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseLazily } from '../../dist/dump/parse-lazily.js';

const text = gunzipSync(readFileSync(new URL('../fixtures/dumps/crash-order.wipeout', import.meta.url))).toString('utf8');

test('a dump parsed lazily reads the same as one parsed whole', (t) => {
  const lazy = parseLazily(text);
  const whole = JSON.parse(text);
  t.true(Array.isArray(lazy.objects));
  t.is(lazy.objects.length, whole.objects.length);
  t.deepEqual(JSON.parse(JSON.stringify(lazy)), whole);
  t.deepEqual([...lazy.objects], whole.objects);
  t.true(0 in lazy.objects);
  t.false(whole.objects.length in lazy.objects);
});

const shapes = [
  ['no objects table', '{"format":"wipeout","frames":[]}'],
  ['an objects table that is not an array', '{"format":"wipeout","objects":{"0":{}}}'],
  ['a string element in the table', '{"format":"wipeout","objects":["x",{}]}'],
  ['text cut inside the table', '{"format":"wipeout","objects":[{"kind":"object"},{"ki'],
];
for (const [what, json] of shapes) {
  test(`${what} is left to the whole parse`, (t) => {
    t.is(parseLazily(json), undefined);
  });
}

test('"objects" as a nested key is not taken for the table', (t) => {
  const json = '{"process":{"env":{"objects":"[1]"}},"errorSummary":{"objects":[{"a":1}]},"objects":[{"k":2}]}';
  const lazy = parseLazily(json);
  t.deepEqual(lazy.errorSummary, { objects: [{ a: 1 }] });
  t.deepEqual(lazy.objects[0], { k: 2 });
  t.is(lazy.objects.length, 1);
});

test('a malformed object reads as missing, not as an error for the whole dump', (t) => {
  const lazy = parseLazily('{"objects":[{"a":1},{"b":tru}]}');
  t.deepEqual(lazy.objects[0], { a: 1 });
  t.is(lazy.objects[1], undefined);
});
