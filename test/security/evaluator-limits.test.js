// Expressions run in a separate evaluator process with a heap limit, a data-size limit and Node's
// permission model. Memory that an expression exhausts, even inside a built-in that no time limit
// can interrupt, ends that process, never the debugger: the next expression gets a fresh one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { modelFromDump } from '../../dist/loader/index.js';
import { runCli, startCli, waitForOutput } from '../helpers/cli-run.js';
import { withStoppedSession, within } from '../helpers/dap-server.js';
import { prop, ref, sampleDump, writeDump } from '../helpers/make-dump.js';

/** Expressions that exhaust memory, and what the debugger may say about each. */
const MEMORY_EATERS = {
  // A built-in the vm timeout cannot stop: it grows until the heap limit, about 5 s on an idle
  // machine; on a busy one the relay's deadline (the time limit + 5 s) comes first. Either ends it.
  'an array filled past the heap limit': ['new Array(1e8).fill(0)', /^The expression (ran out of memory \(the evaluator's heap limit is \d+ MB\)|was stopped after 1000 ms \(it was inside code the time limit cannot interrupt\)); the evaluator was restarted/],
  // V8 gives up on a size it cannot represent, and ends the process it runs in; inside `split`,
  // which the vm timeout cannot stop either, so on a busy machine the relay's deadline comes first.
  'a string split into 2^28 strings': ["'x'.repeat(2 ** 28).split('')", /^The expression (made the evaluator fail \(Fatal JavaScript invalid size error 268435456|was stopped after 1000 ms \(it was inside code the time limit cannot interrupt\); the evaluator was restarted)/],
  // Outside V8's heap: only the data-size limit of the evaluator process stops this one.
  'a 4 GB typed array': ['new Uint8Array(2 ** 32 - 1).fill(1)', /^RangeError: Array buffer allocation failed$/],
};

/** Node processes that `parentPid` started to run the evaluator, with their command lines. */
function evaluatorProcesses(parentPid = process.pid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parent === parentPid && args.some((arg) => arg.endsWith('evaluator-process.js'))) found.push({ pid: Number(entry), args });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

for (const [name, [expression, expected]] of Object.entries(MEMORY_EATERS)) {
  test.serial(`${name}: the model says why, stays small, and evaluates again`, (t) => {
    const model = modelFromDump(sampleDump());
    t.teardown(() => model.close());
    t.is(model.evaluate('order.id', 1).primitive, 42);
    const before = process.memoryUsage().rss;
    const result = model.evaluate(expression, 1);
    t.false(result.ok);
    t.regex(result.error, expected);
    // The debugger's own memory: the gigabytes went to the evaluator process.
    t.true(process.memoryUsage().rss - before < 200 * 2 ** 20);
    t.is(model.evaluate('order.id + 1', 1).primitive, 43);
  });
}

test.serial('the evaluator process runs with a heap limit, a data-size limit and the permission model', (t) => {
  const model = modelFromDump(sampleDump());
  t.teardown(() => model.close());
  model.evaluate('1', 1);
  const [evaluator] = evaluatorProcesses();
  t.truthy(evaluator, 'an evaluator process is a child of the loader');
  t.true(evaluator.args.some((arg) => /^--max-old-space-size=\d+$/.test(arg)));
  t.true(evaluator.args.includes('--disallow-code-generation-from-strings'));
  t.true(evaluator.args.some((arg) => arg === '--permission' || arg === '--experimental-permission'));
  t.true(evaluator.args.some((arg) => arg.startsWith('--allow-fs-read=') && arg.endsWith('/dist/')));
  t.false(evaluator.args.some((arg) => arg.startsWith('--allow-fs-write') || arg.startsWith('--allow-child-process')));
  const limits = readFileSync(`/proc/${evaluator.pid}/limits`, 'utf8');
  t.regex(limits, /Max data size\s+\d+\s+\d+\s+bytes/, 'the data size is bounded, not unlimited');
  t.deepEqual(readFileSync(`/proc/${evaluator.pid}/environ`, 'utf8').split('\0').filter((v) => v.startsWith('NODE_OPTIONS')), []);
});

/** Runs `body` with WIPEOUT_EVALUATOR_MEMORY set to `value` (serial tests only: it is the process's environment). */
function withEvaluatorMemory(value, body) {
  const before = process.env.WIPEOUT_EVALUATOR_MEMORY;
  process.env.WIPEOUT_EVALUATOR_MEMORY = value;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.WIPEOUT_EVALUATOR_MEMORY;
    else process.env.WIPEOUT_EVALUATOR_MEMORY = before;
  }
}

const heapLimitOf = (evaluator) => Number(evaluator.args.find((arg) => arg.startsWith('--max-old-space-size=')).split('=')[1]);

test.serial('WIPEOUT_EVALUATOR_MEMORY sets the heap limit of the evaluator, and a bad value is the answer', (t) => {
  const model = modelFromDump(sampleDump());
  t.teardown(() => model.close());
  const refused = withEvaluatorMemory('lots', () => model.evaluate('this.id', 0));
  t.false(refused.ok);
  t.is(refused.error, 'WIPEOUT_EVALUATOR_MEMORY must be a whole number of megabytes, at least 32: got "lots"');
  t.deepEqual(evaluatorProcesses(), [], 'no evaluator was started');
  withEvaluatorMemory('64', () => t.is(model.evaluate('this.id', 0).primitive, 42));
  const [evaluator] = evaluatorProcesses();
  // 64 MB, plus room for the frame's few values.
  t.true(heapLimitOf(evaluator) >= 64 && heapLimitOf(evaluator) < 70, evaluator.args.join(' '));
});

test.serial('a frame too big for the running evaluator is rebuilt in a new evaluator sized for it', (t) => {
  const dump = sampleDump();
  // 200,000 rows in checkout's frame: about 10 MB of values, more than a 32 MB heap can rebuild.
  const rows = Array.from({ length: 200_000 }, (_, i) => dump.objects.push({ kind: 'object', className: 'Object', props: [prop('id', i), prop('name', `row ${i}`)] }) - 1);
  const table = dump.objects.push({ kind: 'array', className: 'Array', props: [], length: rows.length, items: rows.map((index, i) => [i, ref(index)]) }) - 1;
  dump.frames[1].scopes[0].variables.push(prop('rows', ref(table)));
  const model = modelFromDump(dump);
  t.teardown(() => model.close());
  withEvaluatorMemory('32', () => {
    t.is(model.evaluate('this.id', 0).primitive, 42);
    const [small] = evaluatorProcesses();
    t.is(model.evaluate('rows[199999].name', 1).primitive, 'row 199999');
    const [sized] = evaluatorProcesses();
    t.not(sized.pid, small.pid, 'the first evaluator died rebuilding the frame');
    t.true(heapLimitOf(sized) > heapLimitOf(small) + 50, `${heapLimitOf(small)} MB, then ${heapLimitOf(sized)} MB`);
    t.is(model.evaluate('this.id', 0).primitive, 42, 'the first frame is rebuilt there too');
  });
});

test.serial('after a restart, names and values of the old evaluator are gone, and say so', (t) => {
  const model = modelFromDump(sampleDump());
  t.teardown(() => model.close());
  t.true(model.evaluate('let kept = order.id; kept', 1).ok);
  const made = model.evaluate('({ list: [1, 2] })', 1);
  t.true(made.ok);
  t.false(model.evaluate('new Array(1e8).fill(0)', 1).ok);
  t.regex(model.evaluate('kept', 1).error, /ReferenceError: kept is not defined/);
  const [gone] = model.children(made.value.handle);
  t.regex(gone.value.text, /This value is gone: the evaluator was restarted/);
  t.is(model.evaluate('order.items.length', 1).primitive, 3, 'the frame is rebuilt in the new evaluator');
});

test.serial('closing the model ends its evaluator process', async (t) => {
  const model = modelFromDump(sampleDump());
  model.evaluate('1', 1);
  const [evaluator] = evaluatorProcesses();
  t.truthy(evaluator);
  model.close();
  for (let i = 0; i < 100 && evaluatorProcesses().some((p) => p.pid === evaluator.pid); i++) await new Promise((r) => setTimeout(r, 50));
  t.false(evaluatorProcesses().some((p) => p.pid === evaluator.pid));
  t.is(model.evaluate('order.id', 1).primitive, 42, 'a closed model starts a new evaluator when asked');
  model.close();
});

test.serial('an expression that leaves code to run later cannot keep the evaluator busy', (t) => {
  const model = modelFromDump(sampleDump());
  t.teardown(() => model.close());
  // V8 would run a cleanup callback or a waitAsync continuation after the expression, unlimited.
  t.is(model.evaluate('typeof FinalizationRegistry', 1).primitive, 'undefined');
  t.is(model.evaluate('typeof Atomics.waitAsync', 1).primitive, 'undefined');
  t.is(model.evaluate('order.id', 1).primitive, 42);
});

const dumpPath = writeDump(sampleDump());

test.serial('an evaluator busy in a built-in ends with the debugger that started it', async (t) => {
  const run = startCli(['load', dumpPath, '--debugger', 'repl']);
  await waitForOutput(run, '(wipeout) ');
  // Frame 0's `this` is the order; the fill keeps the evaluator busy for seconds.
  run.child.stdin.write('p this.id * 1000 + 7\n');
  await waitForOutput(run, '42007');
  const [evaluator] = evaluatorProcesses(run.child.pid);
  t.truthy(evaluator, 'the debugger started an evaluator');
  run.child.stdin.write('p new Array(1e8).fill(0)\n');
  // Killed only once the fill is under way: the evaluator has grown past 100 MB.
  let busy = false;
  for (let i = 0; i < 500 && !busy; i++) {
    busy = residentMb(evaluator.pid) > 100;
    if (!busy) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.true(busy, 'the evaluator was busy filling when the debugger was killed');
  run.child.kill('SIGKILL');
  await run.done;
  // The parent's death is signalled to the evaluator (setpriv --pdeathsig), busy or not.
  for (let i = 0; i < 100 && existsSync(`/proc/${evaluator.pid}`) && !isZombie(evaluator.pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  t.false(existsSync(`/proc/${evaluator.pid}`) && !isZombie(evaluator.pid), 'the evaluator is gone');
});

/** A process's resident memory in MB (0 once it is gone). */
function residentMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** A process that has ended but was not yet reaped by its new parent. */
function isZombie(pid) {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ' '));
  } catch {
    return true;
  }
}
const eaters = Object.values(MEMORY_EATERS).map(([expression]) => expression);

test('the terminal debugger survives expressions that exhaust memory', async (t) => {
  const input = `${eaters.map((e) => `p ${e}`).join('\n')}\np this.id + 1\nquit\n`;
  const result = await runCli(['load', dumpPath, '--debugger', 'repl'], { input });
  t.is(result.code, 0, result.stderr);
  // What follows each prompt is the answer to the line typed there.
  const answers = result.stdout.split('(wipeout) ').slice(1).map((answer) => answer.trim());
  Object.values(MEMORY_EATERS).forEach(([, expected], index) => t.regex(answers[index], expected));
  t.is(answers[eaters.length], '43');
});

test('DAP evaluate survives expressions that exhaust memory', async (t) => {
  await withStoppedSession(dumpPath, 1, async (dc, frameId) => {
    for (const [expression, expected] of Object.values(MEMORY_EATERS)) {
      const error = await within(dc.evaluateRequest({ expression, frameId, context: 'repl' }), expression).then(() => undefined, (e) => e);
      t.regex(error?.message ?? 'no error response', expected);
    }
    const last = await within(dc.evaluateRequest({ expression: 'order.id + 1', frameId, context: 'repl' }), 'evaluate');
    t.is(last.body.result, '43');
  });
});
