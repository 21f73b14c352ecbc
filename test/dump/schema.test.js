import test from 'ava';
import Ajv from 'ajv';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDump } from '../../dist/dump/index.js';
import { freshDir, runFixture } from '../helpers/crash-run.js';
import { frameNamed, variables } from '../helpers/dump-query.js';

const schema = JSON.parse(readFileSync(new URL('../../dump/schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const check = (t, dump, name) => {
  const ok = validate(dump);
  t.true(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
};

/** secrets.cjs reads its secrets from a JSON file named on its command line. */
function secretsConfig(dir) {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({
    password: 'pa55-w0rd-local', headerToken: 'header-token-123', cookie: 'cookie-secret-456', urlPassword: 'url-secret-789',
    apiKey: 'k-apikey-000', mapSecret: 'map-secret-111', optionsToken: 'options-token-222',
  }));
  return file;
}

const FIXTURES = [
  'values.cjs', 'big.cjs', 'cause-rethrow.mjs', 'async-after-await.mjs', 'worker-main.mjs', 'stack-overflow.cjs', 'primitive-throw.cjs',
  'secrets.cjs', 'class-method.cjs', 'esm-top-level.mjs', 'dump-api.mjs', 'changed-after-throw.mjs',
];

for (const fixture of FIXTURES) {
  test(`the dump of ${fixture} matches the JSON Schema`, async (t) => {
    const dir = freshDir();
    const env = { TRACE_FILE: '/dev/null', WIPEOUT_LIMITS: '{"items":50}' };
    // dump-api.mjs saves `manual` dumps through the API it imports from here.
    if (fixture === 'dump-api.mjs') env.WIPEOUT_DIST = new URL('../../dist/register/index.js', import.meta.url).href;
    const { dumps } = await runFixture(fixture, { dir, env, args: fixture === 'secrets.cjs' ? [secretsConfig(dir)] : [] });
    t.true(dumps.length > 0);
    for (const { dump, path } of dumps) check(t, dump, path);
    if (fixture === 'secrets.cjs') {
      t.deepEqual(variables(frameNamed(dumps[0].dump, 'connect')).password, { t: 'redacted', type: 'string', length: 15, why: { rule: 'name', match: 'password' } });
    }
    if (fixture === 'dump-api.mjs') t.true(dumps.every(({ dump }) => dump.reason === 'manual'));
    if (fixture === 'changed-after-throw.mjs') t.true(dumps[0].dump.capture.changedAfterThrow.changes.length > 0);
  });
}

test('the dump of a synchronous CommonJS throw under --import, with `escape`, matches the JSON Schema', async (t) => {
  const { dumps } = await runFixture('cjs-nested.cjs', { hook: 'import' });
  t.deepEqual(dumps[0].dump.escape, { nodeOrigin: 'unhandledRejection', thrownIn: 'commonjs' });
  check(t, dumps[0].dump, dumps[0].path);
});

test('the golden dumps match the JSON Schema', (t) => {
  const folder = fileURLToPath(new URL('../fixtures/dumps/', import.meta.url));
  const files = readdirSync(folder).filter((name) => name.endsWith('.wipeout'));
  t.true(files.length > 0);
  for (const name of files) check(t, decodeDump(readFileSync(folder + name), name), name);
});

const golden = () => {
  const folder = fileURLToPath(new URL('../fixtures/dumps/', import.meta.url));
  const name = readdirSync(folder).find((file) => file.endsWith('.wipeout'));
  return decodeDump(readFileSync(folder + name), name);
};

test('the schema rejects a dump with a malformed value', (t) => {
  const dump = golden();
  dump.error = { t: 'ref', ref: -1 };
  t.false(validate(dump));
});

test('the schema rejects fields the hook never writes, and kinds without their fields', (t) => {
  const changes = {
    'an unknown top-level field': (dump) => (dump.extra = 1),
    'a cut value with a description': (dump) => (dump.error = { t: 'cut', why: { limit: 'depth' }, type: 'object', description: 'x' }),
    'a cut value without its type': (dump) => (dump.error = { t: 'cut', why: { limit: 'depth' } }),
    'a truncation by the frames limit': (dump) => (dump.error = { t: 'cut', why: { limit: 'frames' }, type: 'object' }),
    'a redacted number with a length': (dump) => (dump.error = { t: 'redacted', type: 'number', length: 3 }),
    'an array node without items': (dump) => dump.objects.push({ kind: 'array', className: 'Array', props: [], length: 0 }),
    'a map node with a field of another kind': (dump) => dump.objects.push({ kind: 'map', className: 'Map', props: [], size: 0, entries: [], items: [] }),
    'a promise node without a state': (dump) => dump.objects.push({ kind: 'promise', className: 'Promise', props: [] }),
    'a frame at line 0': (dump) => (dump.frames[0].line = 0),
  };
  for (const [what, change] of Object.entries(changes)) {
    const dump = golden();
    change(dump);
    t.false(validate(dump), what);
  }
});
