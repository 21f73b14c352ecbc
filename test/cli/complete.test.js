import { Writable } from 'node:stream';
import test from 'ava';
import { complete } from '../../dist/cli/repl/complete.js';
import { Session } from '../../dist/cli/repl/session.js';
import { modelFromDump } from '../../dist/loader/index.js';
import { sampleDump } from '../helpers/make-dump.js';

const session = () => new Session(modelFromDump(sampleDump()), new Writable({ write: (_c, _e, done) => done() }));

test('tab completes command names at the start of the line', (t) => {
  t.deepEqual(complete(session(), 'exc'), [['exception'], 'exc']);
  t.deepEqual(complete(session(), 'ex')[0], ['ex', 'exception']);
});

test('tab completes names in the current frame', (t) => {
  const s = session();
  t.deepEqual(complete(s, 'p su'), [['sum'], 'su']);
  s.frame = 1;
  t.deepEqual(complete(s, 'p coun'), [['count'], 'coun']);
});

test('tab completes properties after a dot, own and inherited', (t) => {
  const s = session();
  s.frame = 1;
  const [own] = complete(s, 'p order.i');
  t.deepEqual(own, ['order.id', 'order.isPrototypeOf', 'order.items']);
  const [inherited] = complete(s, 'tags.ge');
  // Node 26's Map also has getOrInsert and getOrInsertComputed.
  t.is(inherited[0], 'tags.get');
  t.true(inherited.every((name) => name.startsWith('tags.get')));
});
