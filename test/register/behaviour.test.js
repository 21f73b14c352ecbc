import test from 'ava';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { freshDir, run, runFixture, userVisible, withoutHookLine, withoutSourceHeader } from '../helpers/crash-run.js';
import { deref, frameNamed, prop, variables } from '../helpers/dump-query.js';
import { decodeDump } from '../../dist/dump/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const CLI = join(ROOT, 'dist/cli/main.js');

const CJS_FIXTURES = ['cjs-nested.cjs', 'class-method.cjs', 'timer.cjs', 'io-callback.cjs', 'emitter.cjs', 'primitive-throw.cjs'];

for (const fixture of CJS_FIXTURES) {
  test(`with -r, ${fixture} prints exactly what Node prints, plus one line, and exits the same`, async (t) => {
    const plain = await runFixture(fixture, { hook: false });
    const hooked = await runFixture(fixture, { hook: 'require' });
    t.is(hooked.code, plain.code);
    t.is(hooked.stdout, plain.stdout);
    t.is(hooked.stderr.split('\n').length, plain.stderr.split('\n').length + 1);
    t.is(withoutHookLine(hooked.stderr), plain.stderr);
    t.is(hooked.dumps.length, 1);
  });

  test(`with --import, ${fixture} prints what Node prints for the user, plus one line`, async (t) => {
    const plain = await runFixture(fixture, { hook: false });
    const hooked = await runFixture(fixture, { hook: 'import' });
    t.is(hooked.code, plain.code);
    t.is(hooked.stdout, plain.stdout);
    t.is(hooked.stderr.split('\n').filter((line) => line.startsWith('wipeout: ')).length, 1);
    t.is(withoutSourceHeader(userVisible(withoutHookLine(hooked.stderr))), withoutSourceHeader(userVisible(plain.stderr)));
    t.is(hooked.dumps.length, 1);
  });
}

const openCommandOf = (stderr) => / — open it with: (.*)$/m.exec(stderr)?.[1];

test('the added line names the dump and a command that opens it with this installation, from any folder', async (t) => {
  // The crash runs in a folder that cannot resolve `wipeout`: a bare `npx wipeout` would fetch it.
  const result = await runFixture('cjs-nested.cjs');
  const command = openCommandOf(result.stderr);
  t.is(command, `node ${CLI} load ./${basename(result.dumps[0].path)}`);
  const shown = await run('/bin/sh', ['-c', command.replace(' load ', ' show ')], { cwd: result.dir });
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /^TypeError: /);
});

test('where the crash\'s folder resolves wipeout to this installation, the line says npx --no-install', async (t) => {
  const dir = freshDir();
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/wipeout'));
  const result = await runFixture('cjs-nested.cjs', { dir });
  t.is(openCommandOf(result.stderr), `npx --no-install wipeout load ./${basename(result.dumps[0].path)}`);
});

test('a program that does not crash behaves the same and leaves nothing behind', async (t) => {
  const plain = await runFixture('no-crash.cjs', { hook: false });
  const hooked = await runFixture('no-crash.cjs');
  t.is(hooked.code, 0);
  t.is(hooked.stdout, plain.stdout);
  t.is(hooked.stderr, '');
  t.deepEqual(JSON.parse(hooked.stdout).globals, []);
  t.is(hooked.dumps.length, 0);
});

test('WIPEOUT=0 turns the preload off', async (t) => {
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT: '0' } });
  t.is(result.code, 1);
  t.is(result.dumps.length, 0);
  t.false(result.stderr.includes('wipeout'));
});

test('dumps are private, gzip-compressed and never overwrite an existing file', async (t) => {
  const dir = join(freshDir(), 'out');
  mkdirSync(dir);
  writeFileSync(join(dir, 'crash.wipeout'), 'precious');
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT_FILE: join(dir, 'crash.wipeout') } });
  t.is(readFileSync(join(dir, 'crash.wipeout'), 'utf8'), 'precious');
  const written = join(dir, 'crash-1.wipeout');
  t.is(statSync(written).mode & 0o777, 0o600);
  t.is(JSON.parse(gunzipSync(readFileSync(written))).format, 'wipeout');
  t.true(result.stderr.includes('crash-1.wipeout'));
  t.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
});

test('without WIPEOUT_FILE the dump goes to the current directory', async (t) => {
  const dir = freshDir();
  const result = await runFixture('cjs-nested.cjs', { dir, env: { WIPEOUT_FILE: '' } });
  t.is(result.dumps.length, 1);
  t.regex(result.dumps[0].path, /wipeout-\d{8}T\d{6}-\d{3}Z-\d+\.wipeout$/);
});

test('when the current directory is not writable the dump goes to the temp directory', async (t) => {
  const result = await runFixture('cjs-nested.cjs', { cwd: '/proc', env: { WIPEOUT_FILE: '' } });
  const line = result.stderr.split('\n').find((text) => text.startsWith('wipeout: '));
  const path = /saved to (\S+)/.exec(line)[1];
  t.true(path.startsWith(tmpdir()));
  const dump = decodeDump(readFileSync(path), path);
  rmSync(path);
  t.is(variables(frameNamed(dump, 'handle')).attempt, 3);
});

test('an unwritable target costs one line and changes nothing else', async (t) => {
  const plain = await runFixture('cjs-nested.cjs', { hook: false });
  const fallback = freshDir();
  const hooked = await runFixture('cjs-nested.cjs', { hook: 'require', env: { WIPEOUT_FILE: '/proc/no-such-dir/x.wipeout', TMPDIR: fallback } });
  t.is(hooked.code, plain.code);
  const added = hooked.stderr.split('\n').filter((line) => line.startsWith('wipeout: '));
  t.is(added.length, 1);
  t.regex(added[0], /^wipeout: the crash could not be saved to \/proc\/no-such-dir\/x\.wipeout \(.*\); it is saved in .* — open it with: /);
  t.is(readdirSync(fallback).filter((name) => name.endsWith('.wipeout')).length, 1, 'the crash is not lost');
  t.is(withoutHookLine(hooked.stderr), plain.stderr);
});

test('an unknown placeholder in WIPEOUT_FILE is one not-capturing line, like other bad settings', async (t) => {
  const plain = await runFixture('cjs-nested.cjs', { hook: false });
  const dir = freshDir();
  const hooked = await runFixture('cjs-nested.cjs', { dir, env: { WIPEOUT_FILE: join(dir, 'crash-{bogus}.wipeout') } });
  t.is(hooked.code, plain.code);
  t.is(hooked.stderr.split('\n')[0], 'wipeout: not capturing crashes: Unknown placeholder {bogus} in `WIPEOUT_FILE`: expected {time}, {pid}, {host}, {id}, {name} or {test}');
  t.is(hooked.dumps.length, 0);
});

test('a bad setting is one line, and the program runs as without the hook', async (t) => {
  const plain = await runFixture('cjs-nested.cjs', { hook: false });
  const hooked = await runFixture('cjs-nested.cjs', { hook: 'require', env: { WIPEOUT_LIMITS: '{"depht": 3}' } });
  t.is(hooked.code, plain.code);
  t.regex(hooked.stderr.split('\n')[0], /^wipeout: not capturing crashes: Unknown limit `depht`/);
  t.is(withoutHookLine(hooked.stderr), plain.stderr);
});

const BAD_SETTINGS = [
  [{ WIPEOUT_STORAGE_OPTIONS: '{"password":"hunter2-secret' }, 'Expected WIPEOUT_STORAGE_OPTIONS to be a JSON object, got text that is not valid JSON'],
  [{ WIPEOUT_RECIPIENTS: ',' }, 'Expected `WIPEOUT_RECIPIENTS` to hold age public keys (age1…), got none'],
  [{ WIPEOUT_LIMITS: '{"toString": 1}' }, 'Unknown limit `toString`; expected one of depth, properties, items, stringLength, totalBytes, captureTime, frames'],
  [{ WIPEOUT_REDACT: 'token,(' }, 'Expected `WIPEOUT_REDACT` to hold regular expressions, got `(`: Unterminated group'],
  [{ WIPEOUT_MAX_PER_MINUTE: '-1' }, 'Expected `WIPEOUT_MAX_PER_MINUTE` to be a positive integer, got `-1`'],
  [{ WIPEOUT_UPLOAD_TIMEOUT: '0' }, 'Expected `WIPEOUT_UPLOAD_TIMEOUT` to be a positive integer, got `0`'],
];

for (const [env, message] of BAD_SETTINGS) {
  test(`${Object.keys(env)[0]}=${Object.values(env)[0]} is one line naming the setting, never its secret`, async (t) => {
    const plain = await runFixture('cjs-nested.cjs', { hook: false });
    const hooked = await runFixture('cjs-nested.cjs', { hook: 'require', env });
    t.is(hooked.code, plain.code);
    t.is(hooked.stderr.split('\n')[0], `wipeout: not capturing crashes: ${message}`);
    t.is(withoutHookLine(hooked.stderr), plain.stderr);
    t.is(hooked.dumps.length, 0, 'nothing is written, above all no unencrypted dump');
  });
}

test('memory:// cannot outlive a crashing process: the dump is kept locally, and the line says where', async (t) => {
  const dir = freshDir();
  const hooked = await runFixture('cjs-nested.cjs', { hook: 'require', dir, env: { WIPEOUT_FILE: 'memory://crashes/x.wipeout', TMPDIR: dir } });
  const [line] = hooked.stderr.split('\n').filter((text) => text.startsWith('wipeout: '));
  const saved = /^wipeout: a crash cannot be kept in memory:\/\/ \(it ends with the process\); the crash is saved in (\S+)$/.exec(line);
  t.truthy(saved, line);
  t.true(existsSync(join(dir, saved[1])), 'the path shown is relative to the program directory');
});

test('secrets in locals, headers, URLs, maps, env and messages are not in the dump bytes', async (t) => {
  const config = {
    password: 'pa55-w0rd-local',
    headerToken: 'header-token-123',
    cookie: 'cookie-secret-456',
    urlPassword: 'url-secret-789',
    apiKey: 'k-apikey-000',
    mapSecret: 'map-secret-111',
    optionsToken: 'options-token-222',
  };
  const secrets = [...Object.values(config), 'env-secret-value-333'];
  const result = await runSecrets(config, { API_TOKEN: 'env-secret-value-333' });
  const text = gunzipSync(readFileSync(result.dumps[0].path)).toString('utf8');
  for (const secret of secrets) t.false(text.includes(secret), `${secret} leaked`);
  const { dump } = result.dumps[0];
  const locals = variables(frameNamed(dump, 'connect'));
  t.deepEqual(locals.password, { t: 'redacted', type: 'string', length: 15, why: { rule: 'name', match: 'password' } });
  t.is(locals.dsn, 'postgres://admin:[redacted]@db.internal:5432/app');
  t.true(text.includes('bob'), 'ordinary values stay');
});

function runSecrets(config, env) {
  const dir = freshDir();
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return runFixture('secrets.cjs', { dir, args: [file], env });
}

test('WIPEOUT_REDACT=0 keeps every value', async (t) => {
  const result = await runSecrets({ password: 'pa55-w0rd-local' }, { WIPEOUT_REDACT: '0' });
  const locals = variables(frameNamed(result.dumps[0].dump, 'connect'));
  t.is(locals.password, 'pa55-w0rd-local');
  t.false(result.dumps[0].dump.capture.redaction);
});

test('WIPEOUT_REDACT adds patterns for secret names: their strings are withheld, their numbers kept', async (t) => {
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT_REDACT: 'order,attempt' } });
  const { dump } = result.dumps[0];
  const handle = variables(frameNamed(dump, 'handle'));
  t.is(handle.attempt, 3, 'a number is never withheld');
  const order = deref(dump, handle.order);
  t.deepEqual(prop(order, 'id'), { t: 'redacted', type: 'string', length: 4, why: { rule: 'name', match: 'order', under: 'order' } });
  const line = deref(dump, deref(dump, prop(order, 'lines')).items[0][1]);
  t.is(prop(line, 'qty'), 2, 'a number inside is kept');
  t.like(prop(line, 'sku'), { t: 'redacted', why: { under: 'order' } }, 'a string inside is withheld');
});

const API = { WIPEOUT_DIST: new URL('../../dist/register/index.js', import.meta.url).href };

test('install(nameFn) names the dump with the function', async (t) => {
  const dir = freshDir();
  const result = await runFixture('install-api.mjs', { hook: false, dir, env: { ...API, DUMP_DIR: dir } });
  t.is(result.code, 1);
  t.deepEqual(readdirSync(dir), ['named-by-function.wipeout']);
});

test('installing twice captures once', async (t) => {
  const dir = freshDir();
  const result = await runFixture('install-api.mjs', { hook: false, dir, args: ['twice'], env: { ...API, DUMP_DIR: dir } });
  t.is(result.dumps.length, 1);
  t.is(result.stderr.split('\n').filter((line) => line.startsWith('wipeout: ')).length, 1);
});

test('uninstall stops capturing', async (t) => {
  const dir = freshDir();
  const result = await runFixture('install-api.mjs', { hook: false, dir, args: ['uninstall'], env: { ...API, DUMP_DIR: dir } });
  t.is(result.code, 1);
  t.is(result.dumps.length, 0);
  t.false(result.stderr.includes('wipeout:'));
});

test('WIPEOUT_FILE as a file URL, in any case of its scheme, writes there', async (t) => {
  const dir = freshDir();
  const result = await runFixture('cjs-nested.cjs', { dir, env: { WIPEOUT_FILE: `FILE://${dir}/crash.wipeout` } });
  t.is(result.code, 1);
  t.deepEqual(readdirSync(dir), ['crash.wipeout']);
});
