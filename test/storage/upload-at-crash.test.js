import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { readObject } from '../../dist/storage/index.js';
import { uploadAtCrash, withoutPreloads } from '../../dist/storage/upload-at-crash.js';
import { freePort } from '../helpers/storage-free-port.js';
import { startS3Server } from '../helpers/storage-s3-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const folder = mkdtempSync(join(tmpdir(), 'wipeout-upload-'));
let s3;

test.before(async () => {
  s3 = await startS3Server();
});
test.after.always(async () => {
  await s3?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function localDump(name) {
  const path = join(folder, name);
  const data = randomBytes(4096);
  writeFileSync(path, data, { mode: 0o600 });
  return { path, data };
}

test('a dump uploaded at crash time is in the bucket, byte for byte, and the local copy is gone', async (t) => {
  const { path, data } = localDump('uploaded.wipeout');
  const url = 's3://test/crashes/uploaded.wipeout';
  const result = uploadAtCrash(path, url, { storageOptions: s3.options });
  t.deepEqual(result, { ok: true, url });
  t.true((await readObject(url, s3.options)).equals(data));
  t.false(existsSync(path));
});

test('keepLocal keeps the local copy after a successful upload', async (t) => {
  const { path, data } = localDump('kept.wipeout');
  const result = uploadAtCrash(path, 's3://test/crashes/kept.wipeout', { storageOptions: s3.options, keepLocal: true });
  t.true(result.ok);
  t.true(readFileSync(path).equals(data));
});

test('storage options come from WIPEOUT_STORAGE_OPTIONS when none are given', async (t) => {
  const { path } = localDump('from-env.wipeout');
  process.env.WIPEOUT_STORAGE_OPTIONS = JSON.stringify(s3.options);
  try {
    t.true(uploadAtCrash(path, 's3://test/crashes/from-env.wipeout').ok);
  } finally {
    delete process.env.WIPEOUT_STORAGE_OPTIONS;
  }
});

test('with the server down the local copy stays and the message says why, without secrets', async (t) => {
  const { path, data } = localDump('down.wipeout');
  const port = await freePort();
  const storageOptions = { ...s3.options, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'very-secret-value' } };
  const result = uploadAtCrash(path, 's3://test/crashes/down.wipeout', { storageOptions });
  t.false(result.ok);
  t.regex(result.message, new RegExp(`^Cannot write s3://test/crashes/down\\.wipeout: nothing is listening at 127\\.0\\.0\\.1:${port}`));
  t.false(result.message.includes('very-secret-value'));
  t.true(readFileSync(path).equals(data));
});

test('an upload to a server that never answers is given up after the timeout, keeping the local copy', async (t) => {
  // The kernel accepts connections even while spawnSync blocks this process, and nothing answers them.
  const silent = createServer(() => {});
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => silent.close());
  const { path } = localDump('silent.wipeout');
  const storageOptions = { ...s3.options, endpoint: `http://127.0.0.1:${silent.address().port}` };
  const result = uploadAtCrash(path, 's3://test/crashes/silent.wipeout', { storageOptions, timeoutMs: 1500 });
  t.false(result.ok);
  t.regex(result.message, /took longer than 1\.5 s/);
  t.true(existsSync(path));
});

test('an existing object is not overwritten at crash time and the local copy stays', async (t) => {
  const first = localDump('twice-1.wipeout');
  const second = localDump('twice-2.wipeout');
  const url = 's3://test/crashes/twice.wipeout';
  t.true(uploadAtCrash(first.path, url, { storageOptions: s3.options }).ok);
  const result = uploadAtCrash(second.path, url, { storageOptions: s3.options });
  t.false(result.ok);
  t.regex(result.message, /already exists/);
  t.true(existsSync(second.path));
  t.true((await readObject(url, s3.options)).equals(first.data));
});

test('the upload child loads no preload from NODE_OPTIONS and its stderr stays hidden', async (t) => {
  const { path } = localDump('quiet.wipeout');
  const log = join(folder, 'preloads.log');
  const preload = fileURLToPath(new URL('../helpers/storage-noisy-preload.js', import.meta.url));
  const module = fileURLToPath(new URL('../../dist/storage/upload-at-crash.js', import.meta.url));
  const script = `import { uploadAtCrash } from ${JSON.stringify(module)};
    const result = uploadAtCrash(${JSON.stringify(path)}, 's3://test/crashes/quiet.wipeout', { storageOptions: ${JSON.stringify(s3.options)} });
    process.stdout.write(JSON.stringify(result));`;
  // --trace-exit makes any process that calls process.exit(), as the upload child does, write a
  // warning to stderr: the parent's stderr must not show it.
  const parent = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: `--trace-exit --import=${preload}`, NOISY_PRELOAD_LOG: log },
    encoding: 'utf8',
  });
  t.deepEqual(JSON.parse(parent.stdout), { ok: true, url: 's3://test/crashes/quiet.wipeout' });
  t.is(parent.stderr, 'noisy preload loaded\n');
  t.is(readFileSync(log, 'utf8').trim().split('\n').length, 1, 'only the parent loaded the preload');
});

test('preloads are removed from NODE_OPTIONS and other flags kept', (t) => {
  t.is(withoutPreloads('--import wipeout/register --max-old-space-size=4096'), '--max-old-space-size=4096');
  t.is(withoutPreloads('--import=wipeout/register -r ts-node/register --enable-source-maps'), '--enable-source-maps');
  t.is(withoutPreloads('--require "/path with space/hook.js" --trace-exit'), '--trace-exit');
  t.is(withoutPreloads('--experimental-loader=x --no-warnings'), '--no-warnings');
});
