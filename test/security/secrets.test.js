// Secrets in locals, closures, `this`, nested objects, Map keys and values, URLs with credentials,
// HTTP request headers, the environment and error messages: none may appear anywhere in the
// decompressed dump bytes. They arrive at run time (a JSON file, the environment), as real secrets
// do; test/register/behaviour.test.js has the basic case, this one goes wider.
import test from 'ava';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { freshDir, runFixture } from '../helpers/crash-run.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reliability/secrets-everywhere.cjs', import.meta.url));

/** A random secret; the tag says where it was planted, so a leak names its place. */
const secret = (tag) => `${tag}-${randomBytes(12).toString('hex')}`;

const fileSecrets = Object.fromEntries(
  ['thisSecret', 'credentialsPass', 'urlPassword', 'closureToken', 'localPassword', 'nestedPassword', 'mapSecret', 'urlObjectPassword', 'errorHeaderToken', 'headerToken', 'cookie']
    .map((key) => [key, secret(key)]),
);
const envSecrets = {
  API_TOKEN: secret('envToken'),
  STRIPE_LIVE: `sk${randomBytes(18).toString('base64url')}Z9`,
  DB_PASSWORD: secret('envDbPassword'),
};
const dbUrlPassword = secret('dbUrlPassword');

async function crash() {
  const dir = freshDir();
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(fileSecrets));
  const result = await runFixture(FIXTURE, { dir, args: [config], env: { ...envSecrets, DATABASE_URL: `postgres://app:${dbUrlPassword}@db.internal/app` } });
  return { result, text: gunzipSync(readFileSync(result.dumps[0].path)).toString('utf8') };
}

const run = crash();

test('the crash in the HTTP handler is saved, with ordinary values kept', async (t) => {
  const { result, text } = await run;
  t.is(result.dumps.length, 1, result.stderr);
  t.true(text.includes('visible-value'), 'a Map value under an ordinary key stays');
  t.true(text.includes('visible-trace'), 'an ordinary request header stays');
  t.true(text.includes('api.internal'), 'a URL keeps its host');
});

const places = {
  'a local named password': ['localPassword'],
  'a closure variable named apiToken': ['closureToken'],
  'this.secret and this.credentials': ['thisSecret', 'credentialsPass'],
  'a password nested in a settings object': ['nestedPassword'],
  'a Map value under the key authorization': ['mapSecret'],
  'a URL string with credentials': ['urlPassword'],
  'a URL object with credentials': ['urlObjectPassword'],
  'an Authorization header in an error property': ['errorHeaderToken'],
  'the authorization and cookie request headers': ['headerToken', 'cookie'],
};

/**
 * Places whose secrets are known to leak and not fixed yet: `test.failing` keeps them visible, and
 * tells when the fix lands (the test then "fails" and moves back to `test`). None now: the one
 * listed before, the values of `req.rawHeaders` (['authorization', 'Bearer …', 'cookie', 'sid=…']),
 * is fixed (register/value-graph.ts withholds an array item that follows a secret-looking name), so
 * 'the authorization and cookie request headers' is checked as a plain test.
 */
const KNOWN_LEAKS = new Set();

for (const [place, keys] of Object.entries(places)) {
  const declare = KNOWN_LEAKS.has(place) ? test.failing : test;
  declare(`no secret from ${place} is in the dump bytes${KNOWN_LEAKS.has(place) ? ' (a known leak)' : ''}`, async (t) => {
    const { text } = await run;
    for (const key of keys) t.false(text.includes(fileSecrets[key]), `${key} leaked: …${context(text, fileSecrets[key])}…`);
  });
}

test('the request\'s headers have authorization and cookie withheld, parsed or raw', async (t) => {
  const { text, result } = await run;
  const { dump } = result.dumps[0];
  const request = dump.objects.find((object) => object.className === 'IncomingMessage');
  const rawRef = request.props.find((prop) => prop.name === 'rawHeaders').value.ref;
  // rawHeaders is the name/value list Node parsed from the wire: each value after its name.
  const raw = new Map(dump.objects[rawRef].items.map(([index, value]) => [index, value]));
  for (const name of ['authorization', 'cookie']) {
    const at = [...raw].find(([, value]) => value === name)?.[0];
    t.like(raw.get(at + 1), { t: 'redacted', type: 'string' }, `rawHeaders: the value after ${name}`);
  }
  // Node 26 parses req.headers only when first read; before that, the object does not exist.
  const parsed = request.props.find((prop) => prop.name === 'Symbol(kHeaders)')?.value;
  if (parsed?.t === 'ref') {
    t.regex(text, /"name":"authorization","value":\{"t":"redacted","type":"string"/);
    t.regex(text, /"name":"cookie","value":\{"t":"redacted","type":"string"/);
  }
});

test('no secret environment value is in the dump bytes: named ones, random-looking ones, a Map key, error messages', async (t) => {
  const { text } = await run;
  for (const [name, value] of Object.entries(envSecrets)) t.false(text.includes(value), `${name} leaked: …${context(text, value)}…`);
});

test('the password of a database URL in the environment is in no message, cause or env entry', async (t) => {
  const { text } = await run;
  t.false(text.includes(dbUrlPassword), `leaked: …${context(text, dbUrlPassword)}…`);
});

/** Where a leaked secret sits, for the failure message. */
function context(text, value) {
  const at = text.indexOf(value);
  return at < 0 ? '' : text.slice(Math.max(0, at - 120), at + value.length + 20);
}
