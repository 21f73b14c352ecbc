// The sandbox's refusals that must hold at the engine level, not by reading the expression's text:
// dynamic import(), a stack formatter reached through a captured variable named `Error`, the
// evaluator process's network, and its read permission under an install path with a comma.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { makeDump, prop } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';
import { modelFromDump } from '../../dist/loader/index.js';
import { evaluatorFlags } from '../../dist/loader/sandbox/evaluator-flags.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** A one-frame dump whose frame has the given variables. */
function frameWith(variables) {
  return modelFromDump(makeDump({ frames: [{ functionName: 'f', url: 'file:///x.js', file: '/x.js', line: 1, column: 1, kind: 'user', scopes: [{ type: 'local', variables }] }] }));
}

/** Evaluates, then evaluates again so the context's promise jobs have run; returns `outcome`. */
function settle(model, expression) {
  const first = model.evaluate(`globalThis.outcome = 'pending'; ${expression}`, 0);
  model.evaluate('1', 0);
  const outcome = model.evaluate('outcome', 0);
  return { first, outcome: outcome.ok ? outcome.value.text : outcome.error };
}

const RECORD = `.then(() => { globalThis.outcome = 'loaded' }, (e) => { globalThis.outcome = e instanceof Error ? 'context: ' + e.message : 'host' })`;
/** Each way past the old text filter, as the review found them. */
const IMPORTS = {
  'import// then U+2028': `import//\u2028("node:fs")${RECORD}; 1`,
  'import// then CR': `import//\r("node:fs")${RECORD}; 1`,
  'import<!-- then LF': `import<!--\n("node:fs")${RECORD}; 1`,
  'import LF --> LF': `import\n-->\n("node:fs")${RECORD}; 1`,
  '[...import(': `[...import("node:fs")${RECORD}]`,
};

for (const [name, expression] of Object.entries(IMPORTS)) {
  test(`dynamic import through ${name} is refused by the engine with an error of the sandbox`, (t) => {
    const model = frameWith([prop('x', 1)]);
    t.teardown(() => model.close());
    const { outcome } = settle(model, expression);
    t.is(outcome, "'context: import() is not available: expressions run in a sandbox without modules'");
    // The evaluator is still the same process: nothing declared is lost.
    t.is(model.evaluate('typeof outcome', 0).primitive, 'string');
  });
}

test('the promise of a refused import() belongs to the sandbox, not to the evaluator', (t) => {
  const model = frameWith([prop('x', 1)]);
  t.teardown(() => model.close());
  const result = model.evaluate(`(() => { const p = import//\u2028("x"); p.catch(() => {}); return p.constructor === Promise && Object.getPrototypeOf(p) === Promise.prototype })()`, 0);
  t.is(result.primitive, true);
});

test('the friendly message still answers a plain import()', (t) => {
  const model = frameWith([prop('x', 1)]);
  t.teardown(() => model.close());
  const result = model.evaluate('import("node:fs")', 0);
  t.false(result.ok);
  t.is(result.error, 'import() is not available: expressions run in a sandbox without modules');
});

const FORMATTERS = {
  'the marker\'s prototype': 'Object.getPrototypeOf(Error).prepareStackTrace = (e, s) => s.map((c) => typeof c.getFunction())',
  'Object.prototype': 'Object.prototype.prepareStackTrace = (e, s) => s.map((c) => typeof c.getFunction())',
  'String.prototype': 'String.prototype.prepareStackTrace = (e, s) => s.map((c) => typeof c.getFunction())',
  'globalThis.Error': 'globalThis.Error.prepareStackTrace = (e, s) => s.map((c) => typeof c.getFunction())',
};

for (const [label, value] of [['a redacted marker', { t: 'redacted', type: 'string', length: 5 }], ['a cut marker', { t: 'cut', type: 'object', className: 'Object', why: { limit: 'depth' } }], ['a string', 'not an Error']]) {
  for (const [where, plant] of Object.entries(FORMATTERS)) {
    test(`a frame variable named Error holding ${label} does not let a formatter on ${where} receive call sites`, (t) => {
      const model = frameWith([prop('Error', value)]);
      t.teardown(() => model.close());
      const result = model.evaluate(`(() => { try { ${plant} } catch {} return typeof new RangeError('q').stack })()`, 0);
      t.is(result.primitive, 'string', result.ok ? result.value.text : result.error);
      t.is(model.evaluate('typeof new TypeError("z").stack', 0).primitive, 'string');
    });
  }
  test(`a frame variable named Error holding ${label} is still shown by name`, (t) => {
    const model = frameWith([prop('Error', value)]);
    t.teardown(() => model.close());
    const result = model.evaluate('String(Error)', 0);
    t.true(result.ok);
    t.notRegex(result.value.text, /function Error/);
  });
}

test('the evaluator process may not use the network where Node can deny it', (t) => {
  const flags = evaluatorFlags(64, join(ROOT, 'dist'));
  const probe = "require('net').connect(9, '127.0.0.1').on('error', (e) => { console.log(e.code); }).on('connect', () => { console.log('connected'); process.exit(); })";
  const run = spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8', timeout: 10_000 });
  if (process.allowedNodeEnvironmentFlags.has('--allow-net')) {
    t.is(run.stdout.trim(), 'ERR_ACCESS_DENIED', run.stderr);
  } else {
    t.log(`Node ${process.versions.node} has no --allow-net: the evaluator's network is not confined (docs/SECURITY.md says so)`);
    t.not(run.stdout.trim(), 'ERR_ACCESS_DENIED');
  }
  // File reads outside the evaluator's code are denied on every version with a permission model.
  const read = spawnSync(process.execPath, [...flags, '-e', "try { require('fs').readFileSync('/etc/hostname'); console.log('read') } catch (e) { console.log(e.code) }"], { encoding: 'utf8', timeout: 10_000 });
  t.is(read.stdout.trim(), 'ERR_ACCESS_DENIED', read.stderr);
});

test('an install path with a comma still starts the evaluator, with reads confined to a folder above it', (t) => {
  const install = join(tempDir('wipeout-comma-'), 'my,project', 'node_modules', 'wipeout');
  mkdirSync(install, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
  const script = join(install, 'probe.mjs');
  writeFileSync(script, `
    import { modelFromDump } from './dist/loader/index.js';
    import { makeDump } from ${JSON.stringify(join(ROOT, 'test/helpers/make-dump.js'))};
    const model = modelFromDump(makeDump());
    const result = model.evaluate('6 * 7', 0);
    console.log(result.ok ? result.value.text : result.error);
    model.close();
  `);
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  t.is(run.stdout.trim(), '42', run.stderr);
  t.true(NODE_MAJOR >= 20);
});
