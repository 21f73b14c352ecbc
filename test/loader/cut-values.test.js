// Values a capture limit cut, captured by the real hook and evaluated through the real loader:
// they keep their true sizes, and every read of a part that was not captured fails, saying what
// was cut and by which limit (docs/debugger.md, "Values a limit cut").
import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { runCli } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { errorOf, withStoppedSession } from '../helpers/dap-server.js';

const LIMITS = JSON.stringify({ items: 200, properties: 500, depth: 4, stringLength: 16_384 });
let cutRun;
let model;
let defaults;
test.before(async () => {
  cutRun = await runFixture('cut-values.cjs', { env: { WIPEOUT_LIMITS: LIMITS } });
  model = modelFromDump(cutRun.dumps[0].dump);
  defaults = modelFromDump((await runFixture('cut-values.cjs')).dumps[0].dump);
});
test.after.always(() => {
  model?.close();
  defaults?.close();
});

/** The crashing frame: `crash`, whose locals hold the collections. */
const frameOf = (m) => m.frames.findIndex((frame) => frame.functionName === 'crash');
const answer = (expression, m = model) => {
  const result = m.evaluate(expression, frameOf(m));
  return result.ok ? result.value.text : `error: ${result.error}`;
};

const evaluates = test.macro((t, expression, expected) => {
  const actual = answer(expression);
  if (expected instanceof RegExp) t.regex(actual, expected);
  else t.is(actual, expected);
});

test('a cut Map answers its true size', evaluates, 'cache.size', '50000');
test('a cut Map answers for a captured key', evaluates, '[cache.has("k3"), cache.get("k3")]', '[ true, 3 ]');
test('a cut Map refuses a key that was not captured, naming the limit', evaluates, 'cache.has("k30000")',
  'error: NotCapturedError: cache.has("k30000") cannot be answered: that key is not among the captured entries: items limit 200 (WIPEOUT_LIMITS); cache has 50,000 entries, 200 were captured');
test('a cut Map refuses get of a key that was not captured', evaluates, 'cache.get("k49999")', /^error: NotCapturedError: cache\.get\("k49999"\) cannot be answered/);
test('iterating a cut Map fails past the captured entries', evaluates, '[...cache.keys()].length', /^error: NotCapturedError: cache\.keys\(\) went past the captured entries: items limit 200/);
test('a cut Set answers its true size and refuses what it did not capture', evaluates, '[seen.size, seen.has(3)]', '[ 500, true ]');
test('a cut Set refuses a value that was not captured', evaluates, 'seen.has(400)', /^error: NotCapturedError: seen\.has\(400\) cannot be answered: .*seen has 500 values, 200 were captured/);
test('spreading a cut Set fails', evaluates, '[...seen].length', /^error: NotCapturedError: seen\.values\(\) went past the captured values/);

test('a cut array keeps its true length', evaluates, 'jobs.length', '1000');
test('reading an item of a cut array that was not captured fails, naming it and the limit', evaluates, 'jobs[950]',
  'error: NotCapturedError: jobs[950] was not captured: items limit 200 (WIPEOUT_LIMITS); jobs has 1,000 items, 200 were captured');
test('a filter over a cut array fails instead of counting the captured part', evaluates, 'jobs.filter(j => j.failed).length', /^error: NotCapturedError: jobs\[200\] was not captured: items limit 200 \(WIPEOUT_LIMITS\)/);
test('a search that stops inside the captured part answers exactly', evaluates, 'jobs.find(j => j.id === 5).id + jobs.indexOf(jobs[7])', '12');
test('a slice of the captured part answers exactly', evaluates, 'jobs.slice(0, 2).map(j => j.id)', '[ 0, 1 ]');
test('a cut array is still an array', evaluates, '[Array.isArray(jobs), jobs instanceof Array, jobs.constructor === Array]', '[ true, true, true ]');

test('a cut typed array keeps its true length and refuses what it did not capture', evaluates, '[samples.length, samples.byteLength, samples[3]]', '[ 5000, 40000, 1.5 ]');
test('reading an element of a cut typed array that was not captured fails', evaluates, 'samples[4000]', /^error: NotCapturedError: samples\[4000\] was not captured: items limit 200 \(WIPEOUT_LIMITS\); samples has 5,000 elements, 200 were captured/);
test('a reduce over a cut typed array fails', evaluates, 'samples.reduce((a, b) => a + b)', /^error: NotCapturedError: samples\.reduce\(\) needs elements that were not captured/);
test('a subarray of the captured part of a typed array answers exactly', evaluates, 'samples.subarray(0, 2)', 'Float64Array(2) [ 1.5, 1.5 ]');
test('a cut Buffer keeps its length and refuses to decode bytes it did not capture', evaluates, '[packet.length, packet[0]]', '[ 40000, 7 ]');
test('decoding a cut Buffer fails, naming the stringLength limit', evaluates, 'packet.toString("hex")', /^error: NotCapturedError: packet\.toString\(\) needs bytes that were not captured: stringLength limit 16384 \(WIPEOUT_LIMITS\)/);

test('an object cut at the properties limit refuses a property it may not have captured', evaluates, '[wide.p0, wide.p499]', '[ 0, 499 ]');
test('reading a property an object may have lost to the properties limit fails', evaluates, 'wide.p550', /^error: NotCapturedError: wide\.p550 may be one of the properties that were not captured: properties limit 500 \(WIPEOUT_LIMITS\); wide has 100 properties/);
test('reading into a value cut at the depth limit fails, naming where it was', evaluates, 'deep.next.next.next.next.level', /^error: NotCapturedError: deep\.next\.next\.next\.next\.level cannot be read: deep\.next\.next\.next\.next is Object not captured: depth limit 4 \(WIPEOUT_LIMITS\)/);

test('a new result that shows a cut value is marked incomplete', (t) => {
  const result = model.evaluate('[jobs.length, jobs]', frameOf(model), { print: { pretty: false, colors: false } });
  t.true(result.ok);
  t.regex(result.value.text, /\(incomplete: jobs: 200 of 1,000 items were captured \(items limit 200 \(WIPEOUT_LIMITS\)\)\)$/);
  t.regex(result.printed, /\(incomplete: jobs: 200 of 1,000 items were captured/);
  t.regex(model.evaluate('({ cache })', frameOf(model), { print: { pretty: true, colors: false } }).printed, /\n\(incomplete: cache: 200 of 50,000 entries were captured/);
});

test('a result computed from the captured part only is not marked', (t) => {
  const result = model.evaluate('jobs.slice(0, 3)', frameOf(model), { print: { pretty: false, colors: false } });
  t.true(result.ok);
  t.notRegex(result.printed, /incomplete/);
});

test('the terminal debugger prints the not-captured error and show names the limit', async (t) => {
  const { stdout } = await runCli(['load', cutRun.dumps[0].path], { input: 'p jobs[950]\np cache.size\nquit\n', cwd: cutRun.dir });
  t.regex(stdout, /NotCapturedError: jobs\[950\] was not captured: items limit 200 \(WIPEOUT_LIMITS\)/);
  t.regex(stdout, /^\(wipeout\) 50000$/m);
  const shown = await runCli(['show', cutRun.dumps[0].path], { cwd: cutRun.dir });
  t.regex(shown.stdout, /jobs = \[ .*more items \(800 not captured: items limit\) \]/);
  t.regex(shown.stdout, /cache = Map\(50000\) \{ .*more items \(49,800 not captured: items limit\) \}/);
});

test('with the default limits a 1,000-item array of small objects is whole', (t) => {
  t.is(answer('jobs.filter(j => j.failed).length', defaults), '143');
  t.is(answer('jobs[999].id', defaults), '999');
});

test('over DAP, evaluating a part that was not captured is an error naming the limit, the true size an answer', async (t) => {
  await withStoppedSession(cutRun.dumps[0].path, 0, async (dc, frameId) => {
    t.regex(await errorOf(dc.evaluateRequest({ expression: 'jobs[950]', frameId, context: 'repl' })), /jobs\[950\] was not captured: items limit 200 \(WIPEOUT_LIMITS\)/);
    t.regex(await errorOf(dc.evaluateRequest({ expression: 'cache.has("k30000")', frameId, context: 'watch' })), /cache\.has\("k30000"\) cannot be answered/);
    t.is((await dc.evaluateRequest({ expression: 'cache.size', frameId, context: 'hover' })).body.result, '50000');
    t.regex((await dc.evaluateRequest({ expression: '[samples]', frameId, context: 'repl' })).body.result, /\(incomplete: samples: 200 of 5,000 elements were captured/);
  });
});

test('printing a cut value leaves reads of what was not captured failing', (t) => {
  const printed = model.evaluate('deep', frameOf(model), { print: { pretty: true, colors: false } });
  t.regex(printed.printed, /level: 11/);
  t.regex(answer('jobs[950]'), /^error: NotCapturedError: jobs\[950\] was not captured/);
  t.regex(answer('cache.has("k30000")'), /^error: NotCapturedError/);
});
