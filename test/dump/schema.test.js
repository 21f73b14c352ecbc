import test from 'ava';
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeDump } from '../../dist/dump/index.js';
import { runFixture } from '../helpers/crash-run.js';

const schema = JSON.parse(readFileSync(new URL('../../dump/schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const check = (t, dump, name) => {
  const ok = validate(dump);
  t.true(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
};

const FIXTURES = ['values.cjs', 'big.cjs', 'cause-rethrow.mjs', 'async-after-await.mjs', 'worker-main.mjs', 'stack-overflow.cjs', 'primitive-throw.cjs', 'secrets.cjs'];

for (const fixture of FIXTURES) {
  test(`the dump of ${fixture} matches the JSON Schema`, async (t) => {
    const { dumps } = await runFixture(fixture, { env: { TRACE_FILE: '/dev/null', WIPEOUT_LIMITS: '{"items":50}' }, args: fixture === 'secrets.cjs' ? ['/nonexistent.json'] : [] });
    t.true(dumps.length > 0);
    for (const { dump, path } of dumps) check(t, dump, path);
  });
}

test('the golden dumps match the JSON Schema', (t) => {
  const folder = fileURLToPath(new URL('../fixtures/dumps/', import.meta.url));
  const files = readdirSync(folder).filter((name) => name.endsWith('.wipeout'));
  t.true(files.length > 0);
  for (const name of files) check(t, decodeDump(readFileSync(folder + name), name), name);
});

test('the schema rejects a dump with a malformed value', (t) => {
  const folder = fileURLToPath(new URL('../fixtures/dumps/', import.meta.url));
  const name = readdirSync(folder).find((file) => file.endsWith('.wipeout'));
  const dump = decodeDump(readFileSync(folder + name), name);
  dump.error = { t: 'ref', ref: -1 };
  t.false(validate(dump));
});
