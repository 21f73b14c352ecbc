import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { armor, Decrypter } from 'age-encryption';
import { encryptSync } from '../../dist/dump/age-encrypt-sync.js';
import { decodeDump } from '../../dist/dump/index.js';
import { loadDump } from '../../dist/loader/index.js';
import { runCli } from '../helpers/cli-run.js';
import { freshDir, runFixture } from '../helpers/crash-run.js';
import { attachAndStop, closeClient, connectStdio, ADAPTER_MAIN, errorOf, within } from '../helpers/dap-server.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { startS3Server } from '../helpers/storage-s3-server.js';
import { isAge, isGzip, makeKeyPair } from '../helpers/security-age-keys.js';
import { tempDir } from '../helpers/temp-dir.js';

const owner = await makeKeyPair();
const stranger = await makeKeyPair();
const plainPath = writeDump(sampleDump());
const plain = readFileSync(plainPath);

/** An encrypted copy of the sample dump in a fresh folder. */
function encryptedDump(recipients = [owner.recipient], name = 'crash.wipeout') {
  const dir = tempDir('wipeout-enc-');
  const path = join(dir, name);
  writeFileSync(path, encryptSync(plain, recipients));
  return path;
}

test('encryptSync returns an age file that age decrypts back to the same dump', async (t) => {
  const ciphertext = encryptSync(plain, [owner.recipient]);
  t.true(isAge(ciphertext));
  t.false(ciphertext.includes(plain.subarray(0, 64)), 'the gzip bytes are not in the file');
  const decrypter = new Decrypter();
  decrypter.addIdentity(owner.identity);
  t.deepEqual(Buffer.from(await decrypter.decrypt(ciphertext)), plain);
});

test('encryptSync encrypts for every recipient', async (t) => {
  const ciphertext = encryptSync(plain, [stranger.recipient, owner.recipient]);
  for (const { identity } of [owner, stranger]) {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    t.deepEqual(Buffer.from(await decrypter.decrypt(ciphertext)), plain);
  }
});

test('encryptSync refuses a malformed recipient or none, with a one-line message', (t) => {
  const bad = t.throws(() => encryptSync(plain, ['age1notakey']));
  t.regex(bad.message, /^Expected `recipients` to hold age public keys \(age1…\), got `age1notakey`$/);
  const none = t.throws(() => encryptSync(plain, []));
  t.regex(none.message, /^Expected at least one age recipient/);
  // A well-formed key that is not on the curve is refused by age itself, still on one line.
  const offCurve = t.throws(() => encryptSync(plain, [`age1${'q'.repeat(58)}`]));
  t.regex(offCurve.message, /^age encryption failed: /);
  t.false(offCurve.message.includes('\n'));
});

test('encryptSync works from a process whose NODE_OPTIONS preloads a module, without running it', (t) => {
  const dir = tempDir('wipeout-enc-');
  const marker = join(dir, 'ran');
  const preload = join(dir, 'preload.cjs');
  writeFileSync(preload, `require('node:fs').appendFileSync(${JSON.stringify(marker)}, 'x');`);
  const script = `import { encryptSync } from ${JSON.stringify(new URL('../../dist/dump/age-encrypt-sync.js', import.meta.url).href)};
process.stdout.write(encryptSync(new Uint8Array([1, 2, 3]), [${JSON.stringify(owner.recipient)}]).subarray(0, 21).toString());`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: `--require ${preload}` }, encoding: 'utf8' });
  t.is(result.stdout, 'age-encryption.org/v1');
  t.is(readFileSync(marker, 'utf8'), 'x', 'the preload ran once, in the parent only');
});

test('show with --identity prints the crash of an encrypted dump', async (t) => {
  const result = await runCli(['show', encryptedDump(), '--identity', owner.identityFile]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /TypeError: Cannot read properties of null \(reading 'tax'\)/);
});

test('show reads WIPEOUT_IDENTITY as a file or as the key itself', async (t) => {
  const path = encryptedDump();
  for (const value of [owner.identityFile, owner.identity]) {
    const result = await runCli(['show', path, '--json'], { env: { WIPEOUT_IDENTITY: value } });
    t.is(result.code, 0, result.stderr);
    t.is(JSON.parse(result.stdout).error.name, 'TypeError');
  }
});

test('an encrypted dump without an identity is one clear line and exit 1', async (t) => {
  const result = await runCli(['show', encryptedDump()], { env: { WIPEOUT_IDENTITY: undefined } });
  t.is(result.code, 1);
  t.is(result.stdout, '');
  t.regex(result.stderr, /^\S*crash\.wipeout is encrypted with age: give the identity that decrypts it with --identity <file> or WIPEOUT_IDENTITY\n$/);
});

test('a wrong identity is one clear line and exit 1', async (t) => {
  const result = await runCli(['show', encryptedDump(), '--identity', stranger.identityFile]);
  t.is(result.code, 1);
  t.regex(result.stderr, /^Cannot decrypt \S*crash\.wipeout: the identity given is not one of its recipients\n$/);
});

test('an identity file that is missing or not an identity is named in one line', async (t) => {
  const missing = await runCli(['show', encryptedDump(), '--identity', '/nonexistent/key.txt']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /^Cannot read the age identity file \/nonexistent\/key\.txt: no such file\n$/);
  const junk = await runCli(['show', encryptedDump(), '--identity', plainPath]);
  t.is(junk.code, 1);
  t.is(junk.stderr.trim().split('\n').length, 1);
  t.regex(junk.stderr, /Expected \S+ to be an age identity file/);
});

/** The owner's key with its last character changed: well-formed, but its checksum is wrong. */
const badKey = `${owner.identity.slice(0, -1)}${owner.identity.endsWith('Q') ? 'P' : 'Q'}`;
const badKeyFile = join(tempDir('wipeout-key-'), 'bad-key.txt');
writeFileSync(badKeyFile, `# public key: ${owner.recipient}\n${badKey}\n`, { mode: 0o600 });
/** Whether any part of a secret key (its data, after the prefix) appears in `text`. */
const quotesKey = (text) => [owner.identity, badKey].some((key) => text.includes(key.slice(16, 40)));

const rejectsKey = test.macro({
  async exec(t, args, env, expected) {
    const result = await runCli(args(encryptedDump()), { env: { WIPEOUT_IDENTITY: undefined, ...env } });
    t.is(result.code, 1);
    t.false(quotesKey(result.stdout + result.stderr), 'no key material is printed');
    t.is(result.stderr, `${expected}\n`);
  },
  title: (what) => `${what}: one line, and never the key`,
});

test('a key with a bad checksum in an identity file', rejectsKey, (dump) => ['show', dump, '--identity', badKeyFile], {}, `${badKeyFile} is not a valid age identity (bad checksum)`);
test('a key with a bad checksum in WIPEOUT_IDENTITY', rejectsKey, (dump) => ['show', dump], { WIPEOUT_IDENTITY: badKey }, 'WIPEOUT_IDENTITY is not a valid age identity (bad checksum)');
test('a quoted key in WIPEOUT_IDENTITY', rejectsKey, (dump) => ['show', dump], { WIPEOUT_IDENTITY: `"${owner.identity}"` },
  'WIPEOUT_IDENTITY is neither a readable file nor a valid age identity: give the path of an identity file, or in WIPEOUT_IDENTITY the bare AGE-SECRET-KEY-1… key, without quotes');
// Longer than a file name may be: stat fails with ENAMETOOLONG, whose message quotes the path.
test('a quoted key too long to be a file name', rejectsKey, (dump) => ['show', dump], { WIPEOUT_IDENTITY: `"${owner.identity}"${' '.repeat(300)}` },
  'WIPEOUT_IDENTITY is neither a readable file nor a valid age identity: give the path of an identity file, or in WIPEOUT_IDENTITY the bare AGE-SECRET-KEY-1… key, without quotes');
test('a key given to --identity instead of a file', rejectsKey, (dump) => ['show', dump, '--identity', owner.identity], {},
  'The identity given is neither a readable file nor a valid age identity: give the path of an identity file, or in WIPEOUT_IDENTITY the bare AGE-SECRET-KEY-1… key, without quotes');

test('an identity file that holds something else is refused without quoting it', async (t) => {
  const file = join(tempDir('wipeout-key-'), 'notes.txt');
  writeFileSync(file, '# a comment\nsecretvalue_abcdefghij\n');
  const result = await runCli(['show', encryptedDump(), '--identity', file]);
  t.is(result.code, 1);
  t.is(result.stderr, `Expected ${file} to be an age identity file (AGE-SECRET-KEY-1… lines), got something else on line 2\n`);
});

test('an identity file that is a device or a named pipe is refused before it is read', async (t) => {
  const pipe = join(tempDir('wipeout-key-'), 'key.pipe');
  const cases = [['/dev/zero', 'a device']];
  if (spawnSync('mkfifo', [pipe]).status === 0) cases.push([pipe, 'a named pipe']);
  for (const [path, kind] of cases) {
    const result = await runCli(['show', encryptedDump(), '--identity', path]);
    t.is(result.code, 1);
    t.is(result.stderr, `Cannot read the age identity file ${path}: it is not a regular file but ${kind}\n`);
  }
});

test('list says a key in WIPEOUT_IDENTITY is bad without printing it', async (t) => {
  const dir = join(encryptedDump(), '..');
  for (const args of [['list', dir], ['list', dir, '--json']]) {
    const result = await runCli(args, { env: { WIPEOUT_IDENTITY: badKey } });
    t.is(result.code, 0, result.stderr);
    t.false(quotesKey(result.stdout + result.stderr));
    t.regex(result.stdout, /WIPEOUT_IDENTITY is not a valid age identity \(bad checksum\)/);
  }
});

test('the DAP adapter says a launch "identity" is bad without printing the key', async (t) => {
  const path = encryptedDump();
  const session = connectStdio([ADAPTER_MAIN]);
  try {
    await within(session.dc.initializeRequest(), 'initialize response');
    const message = await errorOf(session.dc.send('launch', { dump: path, identity: badKeyFile }));
    t.regex(message, /bad-key\.txt is not a valid age identity \(bad checksum\)/);
    t.false(quotesKey(message + session.out.stderr));
  } finally {
    session.child.kill();
  }
});

test('a truncated encrypted dump is one line, exit 1', async (t) => {
  const path = encryptedDump();
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length - 100));
  const result = await runCli(['show', path, '--identity', owner.identityFile]);
  t.is(result.code, 1);
  t.regex(result.stderr, /^Cannot decrypt \S+: the age file is damaged or truncated/);
  t.is(result.stderr.trim().split('\n').length, 1);
});

test('an ASCII-armored dump (age -a) is read too', async (t) => {
  const path = encryptedDump();
  writeFileSync(path, armor.encode(readFileSync(path)));
  const model = await loadDump(path, { identity: owner.identityFile });
  t.is(model.exception.name, 'TypeError');
});

test('list shows encrypted dumps with an identity and says which need one without', async (t) => {
  const path = encryptedDump();
  const dir = join(path, '..');
  const locked = await runCli(['list', dir, '--json'], { env: { WIPEOUT_IDENTITY: undefined } });
  t.is(locked.code, 0);
  t.regex(JSON.parse(locked.stdout)[0].unreadable, /is encrypted with age: give the identity/);
  const open = await runCli(['list', dir, '--json', '--identity', owner.identityFile]);
  t.like(JSON.parse(open.stdout)[0], { error: "TypeError: Cannot read properties of null (reading 'tax')", pid: 4242 });
});

test('load --identity opens an encrypted dump in a debugger', async (t) => {
  const result = await runCli(['load', encryptedDump(), '--identity', owner.identityFile, '--debugger', 'repl'], { input: 'p this.id\nquit\n' });
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /\(wipeout\) 42\n/);
});

test('the DAP adapter decrypts with "identity" in the launch arguments, and explains when it is missing', async (t) => {
  const path = encryptedDump();
  const good = connectStdio([ADAPTER_MAIN]);
  try {
    const { stopped } = await attachAndStop(good.dc, { request: 'launch', args: { dump: path, identity: owner.identityFile } });
    t.is(stopped.body.reason, 'exception');
  } finally {
    await closeClient(good.dc);
    good.child.kill();
  }
  const bad = connectStdio([ADAPTER_MAIN], { env: { WIPEOUT_IDENTITY: '' } });
  try {
    await within(bad.dc.initializeRequest(), 'initialize response');
    // In DAP the way in is the launch argument, not the CLI's --identity.
    t.regex(await errorOf(bad.dc.send('launch', { dump: path })), /is encrypted with age: give the identity that decrypts it with "identity" \(the path of an age identity file\) in the launch\/attach arguments or WIPEOUT_IDENTITY$/);
  } finally {
    bad.child.kill();
  }
});

test('with WIPEOUT_RECIPIENTS a real crash is saved encrypted, and no plaintext dump is left anywhere', async (t) => {
  const dir = freshDir();
  const temp = freshDir();
  const result = await runFixture('cjs-nested.cjs', { dir, env: { WIPEOUT_RECIPIENTS: `${owner.recipient}, ${stranger.recipient}`, TMPDIR: temp } });
  t.is(result.code, 1);
  const files = readdirSync(dir);
  t.is(files.length, 1, `one file, got ${files.join(', ')}`);
  const bytes = readFileSync(join(dir, files[0]));
  t.true(isAge(bytes));
  t.is(statSync(join(dir, files[0])).mode & 0o777, 0o600);
  for (const folder of [dir, temp]) {
    for (const name of readdirSync(folder)) t.false(isGzip(readFileSync(join(folder, name))), `${name} is a plaintext dump`);
  }
  t.throws(() => decodeDump(bytes, files[0]));
  const shown = await runCli(['show', join(dir, files[0]), '--identity', owner.identityFile]);
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /parseOrder/);
});

test('a crash uploaded to a bucket is encrypted there and in the local copy', async (t) => {
  const s3 = await startS3Server();
  t.teardown(s3.stop);
  const temp = freshDir();
  const result = await runFixture('cjs-nested.cjs', {
    env: { WIPEOUT_RECIPIENTS: owner.recipient, WIPEOUT_FILE: 's3://test/enc/{id}.wipeout', WIPEOUT_STORAGE_OPTIONS: JSON.stringify(s3.options), WIPEOUT_KEEP_LOCAL: '1', TMPDIR: temp },
  });
  t.is(result.code, 1);
  const local = readdirSync(temp).filter((name) => name.endsWith('.wipeout'));
  t.is(local.length, 1, `the local copy is kept: ${readdirSync(temp).join(', ')}`);
  for (const name of readdirSync(temp)) t.false(isGzip(readFileSync(join(temp, name))), `${name} is a plaintext dump`);
  t.true(isAge(readFileSync(join(temp, local[0]))));
  const url = `s3://test/enc/${local[0].replace(/^wipeout-/, '').slice(0, 8)}.wipeout`;
  const model = await loadDump(url, { storageOptions: s3.options, identity: owner.identityFile });
  t.is(model.exception.name, 'TypeError');
  await t.throwsAsync(loadDump(url, { storageOptions: s3.options, identity: stranger.identityFile }), { message: /not one of its recipients/ });
});

test('a bad WIPEOUT_RECIPIENTS writes no plaintext and the program runs as without the hook', async (t) => {
  const result = await runFixture('cjs-nested.cjs', { env: { WIPEOUT_RECIPIENTS: 'age1notakey' } });
  t.is(result.code, 1);
  t.deepEqual(result.dumps, []);
  t.regex(result.stderr, /wipeout: .*WIPEOUT_RECIPIENTS/);
});
