import { Writable } from 'node:stream';
import test from 'ava';
import { complete } from '../../dist/cli/repl/complete.js';
import { Session } from '../../dist/cli/repl/session.js';
import { loadDump, modelFromDump } from '../../dist/loader/index.js';
import { runFixture } from '../helpers/crash-run.js';
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

test('after a bare dot, a nested object of a real crash offers its own properties, not Object.prototype\'s', async (t) => {
  const run = await runFixture('debugger-tour.cjs');
  const model = await loadDump(run.dumps[0].path);
  t.teardown(() => model.close());
  const s = new Session(model, new Writable({ write: (_c, _e, done) => done() }));
  t.deepEqual(complete(s, 'p this.customer.'), [['this.customer.address', 'this.customer.name'], 'this.customer.']);
  t.deepEqual(complete(s, 'this.customer.address.'), [['this.customer.address.city', 'this.customer.address.street'], 'this.customer.address.']);
  t.deepEqual(complete(s, 'p this.items[1].').slice(0)[0], ['this.items[1].price', 'this.items[1].qty', 'this.items[1].sku', 'this.items[1].title']);
  t.deepEqual(complete(s, 'p this.customer.has'), [['this.customer.hasOwnProperty'], 'this.customer.has'], 'typed, they are offered');
});
