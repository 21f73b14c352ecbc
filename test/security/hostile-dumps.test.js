// Hostile and broken dumps, beyond test/loader/hostile-dump.test.js (which fuzzes the object
// table of a model): mutated real dumps at the byte and JSON level, absurd nesting and sizes,
// prototype keys everywhere and unknown versions, fed to loadDump + the model, `wipeout show`
// (a child with a small heap and a deadline) and the DAP adapter. Every case ends in a clear error
// or a correct view, and nothing in the loader process is polluted.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { loadDump } from '../../dist/loader/index.js';
import { ADAPTER_MAIN, closeClient, connectStdio, within } from '../helpers/dap-server.js';
import { makeDump, prop, ref, sampleDump } from '../helpers/make-dump.js';
import { pollution, runCliBounded, walkModel, writeRaw } from '../helpers/security-hostile.js';

// The big bombs are compressed off the event loop: a second of gzipSync in one test would stall
// the timers that bound the other tests' child processes, and a stalled timer reads as a hang.
const gzipOffThread = promisify(gzip);

const GOLDEN = ['crash-order.wipeout', 'ts-order.wipeout'].map((name) => readFileSync(fileURLToPath(new URL(`../fixtures/dumps/${name}`, import.meta.url))));
const GOLDEN_JSON = GOLDEN.map((bytes) => JSON.parse(gunzipSync(bytes).toString('utf8')));

/**
 * Loads bytes; resolves to 'model' (after `check(model)` and walking it) or the error message,
 * which must be one line.
 */
async function outcome(t, bytes, check = () => {}) {
  const path = writeRaw(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  let model;
  try {
    model = await loadDump(path);
  } catch (error) {
    t.true(['LoadError', 'DumpDecodeError'].includes(error.name), `${error.name}: ${error.message}`);
    t.false(error.message.includes('\n'), `one line: ${error.message}`);
    return error.message;
  }
  try {
    check(model);
  } catch (error) {
    model.close();
    throw error;
  }
  walkModel(model, 400);
  return 'model';
}

/** What a correct view of a golden dump shows: its exception and its frames. */
const goldenViews = [];
async function goldenView(which) {
  if (goldenViews[which]) return goldenViews[which];
  const model = await loadDump(writeRaw(GOLDEN[which]));
  try {
    return (goldenViews[which] = viewOf(model));
  } finally {
    model.close();
  }
}
const viewOf = (model) => ({
  name: model.exception.name,
  message: model.exception.message,
  frames: model.frames.map((frame) => `${frame.name} ${frame.generated.file}:${frame.generated.line}:${frame.generated.column}`),
});

test.afterEach.always('nothing in the loader process is polluted', (t) => {
  t.deepEqual(pollution(), []);
});

test('real dumps cut anywhere or with flipped bytes are refused clearly or shown correctly', async (t) => {
  let loaded = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(1), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }), async (which, cut, flips) => {
      const bytes = Buffer.from(GOLDEN[which]);
      for (const [where, xor] of flips) bytes[Math.floor(where * (bytes.length - 1))] ^= xor;
      // gzip's CRC-32 and length guard the content: a copy that loads at all is the whole dump,
      // and it must show exactly what the untouched dump shows.
      const expected = await goldenView(which);
      const result = await outcome(t, bytes.subarray(0, Math.max(0, Math.floor(cut * bytes.length))), (model) => {
        t.deepEqual(viewOf(model), expected);
      });
      if (result === 'model') loaded++;
      return typeof result === 'string' && result.length > 0;
    }),
    {
      numRuns: 40,
      // Whole dumps, and flips in the gzip header's time and OS bytes (outside the CRC): these load.
      examples: [0, 1].flatMap((which) => [
        [which, 1, []],
        [which, 1, [[5.5 / (GOLDEN[which].length - 1), 0x5a], [9.5 / (GOLDEN[which].length - 1), 0xff]]],
      ]),
    },
  );
  t.true(loaded >= 4, `${loaded} copies loaded`);
});

/** Every place in a JSON tree, as [parent, key]. */
function places(root) {
  const found = [];
  const stack = [root];
  while (stack.length > 0 && found.length < 20_000) {
    const node = stack.pop();
    for (const key of Object.keys(node)) {
      found.push([node, key]);
      if (node[key] !== null && typeof node[key] === 'object') stack.push(node[key]);
    }
  }
  return found;
}

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: false }),
  fc.constantFrom({ t: 'ref', ref: 0 }, { t: 'ref', ref: -1 }, { t: 'ref', ref: 1e9 }, { t: 'ref', ref: '0' }, { t: 'ref' }, { t: '$live', value: 1 }, { t: '$remote', generation: 1, value: { kind: 'object', type: 'object', text: 'forged', id: 1, namedCount: 1, indexedCount: 0 } }, { t: 'string', v: 5 }, { kind: 'proxy' }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 1e308, -0, '', []),
);

test('real dumps with random parts replaced by wrong types, bad references and prototype keys never break the loader', async (t) => {
  let loaded = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(1), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), hostileValue, fc.boolean()), { minLength: 1, maxLength: 6 }), async (which, edits) => {
      const dump = structuredClone(GOLDEN_JSON[which]);
      for (const [where, shared, asProtoKey] of edits) {
        // A copy: fast-check hands the same constant object to many runs, and a later edit that
        // lands inside an inserted value would change it for every run after (even into a cycle,
        // which JSON.stringify refuses).
        const value = structuredClone(shared);
        const all = places(dump);
        const [parent, key] = all[Math.floor(where * (all.length - 1))];
        if (asProtoKey && typeof parent === 'object' && !Array.isArray(parent)) {
          // A key named __proto__ as JSON.parse makes it: an own property, not a prototype.
          Object.defineProperty(parent, '__proto__', { value, enumerable: true, configurable: true, writable: true });
        } else {
          parent[key] = value;
        }
      }
      // What the loader reads: JSON.parse of the text (an own "__proto__" key, -0 written as 0, …).
      const parsed = JSON.parse(JSON.stringify(dump));
      const result = await outcome(t, gzipSync(JSON.stringify(dump)), (model) => {
        // A dump that loads passed validation (frames, errorSummary, … have their types): its
        // frames and its exception are shown as written.
        t.is(model.frames.length, parsed.frames.length, 'one view per frame');
        model.frames.forEach((frame, index) => {
          const raw = parsed.frames[index];
          t.is(frame.index, index);
          t.is(frame.generated.line, Number.isFinite(raw.line) && raw.line >= 0 ? Math.floor(raw.line) : 0, `frame ${index}'s line`);
        });
        if (typeof parsed.errorSummary.name === 'string') t.is(model.exception.name, parsed.errorSummary.name);
        if (typeof parsed.errorSummary.message === 'string') t.is(model.exception.message, parsed.errorSummary.message);
      });
      if (result === 'model') loaded++;
      return typeof result === 'string' && result.length > 0;
    }),
    { numRuns: 60 },
  );
  t.log(`${loaded} of 60 mutated dumps loaded`);
  t.true(loaded > 0, 'the checks of a loaded dump ran');
});

test('__proto__, constructor and prototype keys in every part of a dump pollute nothing', async (t) => {
  const poison = '{"polluted":true,"isAdmin":true,"x":1}';
  const dump = sampleDump();
  dump.frames[0].scopes[0].variables.push(prop('prototype', 1));
  let text = JSON.stringify(dump);
  // JSON.parse makes "__proto__" an own key; code that copies with `target[key] = value` would not.
  text = text.replace(/^\{/, `{"__proto__":${poison},"constructor":{"prototype":${poison}},`);
  text = text.replace(/"process":\{/, `"process":{"__proto__":${poison},`);
  text = text.replace(/"scopes":\[\{/, `"scopes":[{"__proto__":${poison},`);
  text = text.replace(/"objects":\[\{/, `"objects":[{"__proto__":${poison},`);
  text = text.replace(/"props":\[\{/g, `"props":[{"name":"__proto__","value":{"t":"ref","ref":0}},{`);
  text = text.replace(/"capture":\{/, `"capture":{"__proto__":${poison},`);
  text = text.replace(/"limits":\{/, `"limits":{"__proto__":${poison},`);
  t.is(await outcome(t, gzipSync(text)), 'model');
  const model = await loadDump(writeRaw(text));
  const result = model.evaluate('({}).polluted === undefined && Object.prototype.isAdmin === undefined', 1);
  t.true(result.ok && result.primitive);
  const shown = await runCliBounded(['show', writeRaw(text), '--json']);
  t.is(shown.code, 0, shown.stderr);
  t.notRegex(shown.stdout, /isAdmin|polluted/, 'no poisoned key or value reaches the output');
  t.is(JSON.parse(shown.stdout).error.name, 'TypeError');
  // The evaluator process too: its realm's prototypes are untouched.
  const repl = await runCliBounded(['load', writeRaw(text), '--debugger', 'repl'], { input: 'p [({}).polluted, Object.prototype.isAdmin]\nquit\n' });
  t.is(repl.code, 0, repl.stderr);
  t.regex(repl.stdout, /\(wipeout\) \[ undefined, undefined \]\n/);
});

for (const version of ['2.0', '1.999', '99', 'x', '', 1, null, undefined, ['1.0'], { major: 1 }]) {
  test(`a dump with version ${JSON.stringify(version) ?? 'missing'} is refused clearly or read as 1.x`, async (t) => {
    const dump = { ...makeDump(), version };
    const result = await outcome(t, gzipSync(JSON.stringify(dump)));
    if (typeof version === 'string' && /^1\.\d+$/.test(version)) t.is(result, 'model');
    else t.not(result, 'model');
  });
}

/** Asserts a bounded CLI run ended in a view (exit 0) or one clear line (exit 1), never a crash. */
function clearEnd(t, run) {
  t.false(run.timedOut, 'it ended in time');
  t.is(run.signal, null);
  t.true(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
  t.notRegex(run.stderr, /^\s+at /m, 'no stack trace');
  if (run.code === 1) t.is(run.stderr.trim().split('\n').length, 1, run.stderr);
}

test('JSON nested 10^6 deep in a value is shown without overflowing the stack', async (t) => {
  const deep = `${'['.repeat(1e6)}${']'.repeat(1e6)}`;
  const dump = makeDump({ frames: [{ functionName: 'f', url: 'file:///x.js', file: '/x.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables: [{ name: 'deep', value: '@DEEP@' }] }] }] });
  const path = writeRaw(JSON.stringify(dump).replace('"@DEEP@"', deep));
  const shown = await runCliBounded(['show', path]);
  clearEnd(t, shown);
  const repl = await runCliBounded(['load', path, '--debugger', 'repl'], { input: 'p deep\nlocals\np 1 + 1\nquit\n' });
  clearEnd(t, repl);
  t.is(repl.code, 0, repl.stderr);
  t.regex(repl.stdout, /\(wipeout\) 2\n/);
});

test('a chain of 10^5 objects, each the next one\'s parent, is shown and evaluated', async (t) => {
  const count = 100_000;
  const objects = Array.from({ length: count }, (_, index) => ({ kind: 'object', className: 'Link', props: [prop('n', index), ...(index + 1 < count ? [prop('next', ref(index + 1))] : [])] }));
  const dump = makeDump({ objects, frames: [{ functionName: 'f', url: 'file:///x.js', file: '/x.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables: [prop('head', ref(0))] }] }], error: ref(0) });
  const path = writeRaw(JSON.stringify(dump));
  clearEnd(t, await runCliBounded(['show', path]));
  const repl = await runCliBounded(['load', path, '--debugger', 'repl'], { input: 'p (() => { let n = 0; for (let l = head; l; l = l.next) n++; return n })()\nquit\n' });
  clearEnd(t, repl);
  t.regex(repl.stdout, /\(wipeout\) 100000\n/);
});

test('a 100 MB string is shown cut, within a 512 MB heap', async (t) => {
  const dump = makeDump({ frames: [{ functionName: 'f', url: 'file:///x.js', file: '/x.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables: [prop('huge', '@HUGE@')] }] }] });
  const [before, after] = JSON.stringify(dump).split('"@HUGE@"');
  const path = writeRaw(await gzipOffThread(Buffer.concat([Buffer.from(`${before}"`), Buffer.alloc(100 * 1024 * 1024, 'a'), Buffer.from(`"${after}`)])));
  const shown = await runCliBounded(['show', path], { heapMb: 512 });
  clearEnd(t, shown);
  t.is(shown.code, 0);
  t.true(shown.stdout.length < 100_000, `the output is cut (${shown.stdout.length} chars)`);
});

test('a gzip bomb (600 MB of blanks) is refused with one line, not an out-of-memory crash', async (t) => {
  const path = writeRaw(await gzipOffThread(Buffer.concat([Buffer.from('{"format":"wipeout",'), Buffer.alloc(600 * 1024 * 1024, ' '), Buffer.from('"version":"1.0"}')]), { level: 9 }));
  const shown = await runCliBounded(['show', path], { heapMb: 256 });
  clearEnd(t, shown);
  t.is(shown.code, 1);
});

/** A DAP session over stdio: launch, then everything a client asks for a stopped thread. */
async function dapSession(t, path) {
  const run = connectStdio([ADAPTER_MAIN]);
  const { dc } = run;
  try {
    await within(dc.initializeRequest(), 'initialize');
    let launched = true;
    const stopped = dc.waitForEvent('stopped').catch(() => undefined);
    try {
      await within(dc.send('launch', { dump: path }), 'launch');
      await within(dc.configurationDoneRequest(), 'configurationDone');
    } catch (error) {
      t.notRegex(error.message, /^no /, 'a launch error is an answer');
      launched = false;
    }
    if (!launched) return 'refused';
    const event = await within(stopped, 'stopped');
    const { body } = await within(dc.stackTraceRequest({ threadId: event.body.threadId }), 'stackTrace');
    for (const frame of body.stackFrames.slice(0, 3)) {
      const scopes = await within(dc.scopesRequest({ frameId: frame.id }), 'scopes');
      for (const scope of scopes.body.scopes) {
        const variables = await within(dc.variablesRequest({ variablesReference: scope.variablesReference }), 'variables');
        for (const v of variables.body.variables.slice(0, 5)) {
          if (v.variablesReference) await within(dc.variablesRequest({ variablesReference: v.variablesReference, start: 0, count: 10 }), 'paged variables');
        }
      }
      await within(dc.evaluateRequest({ expression: 'typeof process', frameId: frame.id, context: 'repl' }).catch((error) => error), 'evaluate');
    }
    await within(dc.exceptionInfoRequest({ threadId: event.body.threadId }).catch((error) => error), 'exceptionInfo');
    return 'served';
  } finally {
    await closeClient(dc);
    run.child.kill();
  }
}

test('the DAP adapter answers every request for mutated and hostile dumps, or refuses the launch', async (t) => {
  const cases = [
    GOLDEN[0].subarray(0, 500),
    gzipSync(JSON.stringify({ ...GOLDEN_JSON[1], frames: 'nope' })),
    gzipSync(JSON.stringify({ ...GOLDEN_JSON[0], objects: GOLDEN_JSON[0].objects.map((o, i) => (i % 3 ? { ...o, props: [prop('self', ref(i)), prop('gone', ref(1e9))] } : 7)) })),
    gzipSync(JSON.stringify({ ...GOLDEN_JSON[0], version: '9.0' })),
    gzipSync(JSON.stringify({ ...GOLDEN_JSON[1], sources: [{ url: 5, text: null }], frames: GOLDEN_JSON[1].frames.map((f) => ({ ...f, source: 99, original: { source: -1 } })) })),
  ];
  const outcomes = [];
  for (const bytes of cases) outcomes.push(await dapSession(t, writeRaw(Buffer.from(bytes))));
  // A cut file, frames that are not an array and a newer version are refused; dangling references
  // and sources or positions that point nowhere are served.
  t.deepEqual(outcomes, ['refused', 'refused', 'served', 'refused', 'served']);
});
