import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { frameNamed, variables } from '../helpers/dump-query.js';

const API = { WIPEOUT_DIST: new URL('../../dist/register/index.js', import.meta.url).href };

test('dump(error) saves a handled error at its throw site, dump() the current stack; both return the path', async (t) => {
  const result = await runFixture('dump-api.mjs', { env: API });
  t.is(result.code, 0);
  const { handled, here } = JSON.parse(result.stdout);
  t.is(result.dumps.length, 2);
  const byPath = Object.fromEntries(result.dumps.map(({ path, dump }) => [path, dump]));
  const atThrow = byPath[handled];
  t.is(atThrow.reason, 'manual');
  t.is(atThrow.errorSummary.name, 'SyntaxError');
  t.is(atThrow.capture.method, 'pause');
  t.is(variables(frameNamed(atThrow, 'handleRequest')).userId, 7);
  const current = byPath[here];
  t.is(current.reason, 'manual');
  t.is(current.frames[0].functionName, 'handleRequest', 'wipeout\'s own frames are left out');
  t.is(variables(current.frames[0]).userId, 7);
});

test('a crash loop is capped at WIPEOUT_MAX_PER_MINUTE dumps', async (t) => {
  const result = await runFixture('crash-loop.cjs', { env: { WIPEOUT_MAX_PER_MINUTE: '4' } });
  t.is(result.stdout.trim(), 'survived 15');
  t.is(result.dumps.length, 4);
});

test('the default cap is 10 dumps a minute', async (t) => {
  const result = await runFixture('crash-loop.cjs');
  t.is(result.stdout.trim(), 'survived 15');
  t.is(result.dumps.length, 10);
});
