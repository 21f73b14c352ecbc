import test from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localPath, scrubUrls } from '../../dist/storage/parse-url.js';
import { displayUrl, isRemoteUrl, parseStorageOptions, readObject, writeObject, StorageError } from '../../dist/storage/index.js';

const urlCases = [
  ['/var/crashes/a.wipeout', false],
  ['crashes/a.wipeout', false],
  ['~/crashes/a.wipeout', false],
  ['file:///var/crashes/a.wipeout', false],
  ['C:\\crashes\\a.wipeout', false],
  ['memory://tests/a.wipeout', true],
  ['s3://bucket/a.wipeout', true],
  ['az://container/a.wipeout', true],
  ['abfs://container@account.dfs.core.windows.net/a.wipeout', true],
  ['sftp://user@host:2222/a.wipeout', true],
  ['ssh://host/a.wipeout', true],
  ['https://collector.example/a.wipeout', true],
];
for (const [url, remote] of urlCases) {
  test(`isRemoteUrl(${url}) is ${remote}`, (t) => t.is(isRemoteUrl(url), remote));
}

test('displayUrl hides passwords and query strings and keeps the rest', (t) => {
  t.is(displayUrl('sftp://me:hunter2@host:22/var/a.wipeout'), 'sftp://me:***@host:22/var/a.wipeout');
  t.is(displayUrl('https://bucket.s3.example/a.wipeout?X-Amz-Signature=abc&X-Amz-Credential=def'), 'https://bucket.s3.example/a.wipeout?…');
  t.is(displayUrl('s3://bucket/crashes/a.wipeout'), 's3://bucket/crashes/a.wipeout');
  t.is(displayUrl('/plain/path?.wipeout'), '/plain/path?.wipeout');
});

test('scrubUrls hides the password and query string of every URL a message quotes', (t) => {
  t.is(
    scrubUrls('Request cannot be constructed from a URL that includes credentials: https://u:pa55@host/a.wipeout?sig=S'),
    'Request cannot be constructed from a URL that includes credentials: https://u:***@host/a.wipeout?…',
  );
  t.is(scrubUrls('GET "s3://b/k?X-Amz-Signature=abc" failed (sftp://me:pw@h/x)'), 'GET "s3://b/k?…" failed (sftp://me:***@h/x)');
  t.is(scrubUrls('no URL here: a:b@c?d'), 'no URL here: a:b@c?d');
});

test('a file:// URL that names no file of this machine is refused in one sentence', (t) => {
  for (const [url, why] of [['file://host/a.wipeout', 'it names another host'], ['file:///a%2Fb.wipeout', 'its path holds an encoded / or \\']]) {
    const error = t.throws(() => localPath(url), { instanceOf: StorageError });
    t.is(error.code, 'invalid-url');
    t.is(error.message, `Expected a file:// URL of this machine, like file:///var/crashes/a.wipeout, got ${url}: ${why}`);
  }
});

test('an unknown scheme is refused with the list of supported ones', async (t) => {
  const error = await t.throwsAsync(readObject('gs://bucket/a.wipeout'), { instanceOf: StorageError });
  t.is(error.code, 'invalid-url');
  t.regex(error.message, /Unsupported storage URL scheme gs:\/\/ \(supported: plain paths, file:\/\/, memory:\/\/, s3:\/\/.*\)/);
});

test('storage options with a misspelt key or a wrong type are refused without quoting values', async (t) => {
  const misspelt = await t.throwsAsync(readObject('s3://bucket/a', { regoin: 'eu-west-1' }), { instanceOf: StorageError });
  t.is(misspelt.code, 'invalid-options');
  t.regex(misspelt.message, /Unknown storage option `regoin` for s3:\/\/ URLs \(known: `region`,/);
  const wrongType = await t.throwsAsync(readObject('sftp://host/a', { password: 12345678 }), { instanceOf: StorageError });
  t.is(wrongType.message, 'Expected the `password` storage option for sftp:// URLs to be a string, got 12345678');
  const secret = await t.throwsAsync(readObject('az://c/a', { accountKey: ['s3cr3t-value'] }), { instanceOf: StorageError });
  t.is(secret.message, 'Expected the `accountKey` storage option for az:// URLs to be a string, got an array');
});

test('parseStorageOptions reads a JSON object and names its source when it is not one', (t) => {
  t.deepEqual(parseStorageOptions('{"region":"eu-west-1"}'), { region: 'eu-west-1' });
  t.deepEqual(parseStorageOptions(undefined), {});
  t.deepEqual(parseStorageOptions('  '), {});
  const broken = t.throws(() => parseStorageOptions('{"accountKey": "s3cr3t', '--storage-options'), { instanceOf: StorageError });
  t.is(broken.message, 'Expected --storage-options to be a JSON object, got text that is not valid JSON');
  t.regex(t.throws(() => parseStorageOptions('[1]')).message, /WIPEOUT_STORAGE_OPTIONS to be a JSON object, got an array/);
});

test('writing to memory:// and reading it back works within the process', async (t) => {
  await writeObject('memory://api/a.wipeout', Buffer.from('in memory'));
  t.is((await readObject('memory://api/a.wipeout')).toString(), 'in memory');
});

// The SDKs are optional peer dependencies: a copy of the storage code outside this project's
// node_modules shows what a user without them sees.
test('a scheme whose SDK is not installed names the package to install', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'wipeout-no-sdk-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  cpSync(fileURLToPath(new URL('../../dist/storage', import.meta.url)), join(folder, 'storage'), { recursive: true });
  const script = `import { readObject } from './storage/index.js';
    for (const url of ['s3://b/k', 'az://c/k', 'sftp://h/k']) {
      try { await readObject(url, url.startsWith('az') ? { accountName: 'a', accountKey: 'a2V5' } : {}); } catch (error) { console.log(error.code + ' ' + error.message); }
    }`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: folder, encoding: 'utf8' });
  t.is(child.stderr, '');
  t.deepEqual(child.stdout.trim().split('\n'), [
    'missing-package s3:// URLs need the @aws-sdk/client-s3 package: npm install @aws-sdk/client-s3',
    'missing-package az:// URLs need the @azure/storage-blob package: npm install @azure/storage-blob',
    'missing-package sftp:// URLs need the ssh2-sftp-client package: npm install ssh2-sftp-client',
  ]);
});
