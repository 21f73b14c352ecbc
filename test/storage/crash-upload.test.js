// End to end: a crashing program run with the hook and WIPEOUT_FILE set to a URL leaves its dump
// in the real server, and with the server down keeps it locally and says why.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeDump } from '../../dist/dump/index.js';
import { listObjects, readObject } from '../../dist/storage/index.js';
import { startAzurite } from '../helpers/storage-azurite.js';
import { freePort } from '../helpers/storage-free-port.js';
import { startS3Server } from '../helpers/storage-s3-server.js';
import { startSshd } from '../helpers/storage-sshd.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// ava takes no declarations after an await: sshd starts before any test is declared.
const sshd = await startSshd();
const preload = fileURLToPath(new URL('../../dist/register/preload.js', import.meta.url));
const program = 'function checkout(order) { const total = order.items.length; return order.customer.name; } checkout({ items: [1, 2] });';

function crash(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', preload, '-e', program], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function assertUploaded(t, folder, options, env) {
  const { code, stderr } = await crash({ WIPEOUT_FILE: `${folder}{id}.wipeout`, WIPEOUT_STORAGE_OPTIONS: JSON.stringify(options), ...env });
  t.is(code, 1);
  t.regex(stderr, /TypeError: Cannot read properties of undefined \(reading 'name'\)/);
  const [listed, ...others] = await listObjects(folder, options);
  t.is(others.length, 0);
  t.true(stderr.includes(listed.url), stderr);
  t.false(/Warning|AWS SDK/.test(stderr), 'nothing from the upload child reaches stderr');
  // The dump of this very crash (what it holds is the capture tests' business).
  const dump = decodeDump(await readObject(listed.url, options));
  t.is(dump.errorSummary.name, 'TypeError');
  t.true(dump.frames.some((frame) => frame.functionName === 'checkout'));
}

test('a crash with WIPEOUT_FILE=s3://… leaves its dump in the bucket', async (t) => {
  const s3 = await startS3Server();
  t.teardown(s3.stop);
  await assertUploaded(t, 's3://test/e2e/', s3.options);
});

test('a crash with WIPEOUT_FILE=az://… leaves its dump in the container', async (t) => {
  const azurite = await startAzurite();
  t.teardown(azurite.stop);
  await assertUploaded(t, 'az://test/e2e/', { connectionString: azurite.connectionString });
});

if (sshd.skip) {
  test.skip(`a crash with WIPEOUT_FILE=sftp://… (skipped: ${sshd.skip})`, () => {});
} else {
  test.after.always(sshd.stop);
  test('a crash with WIPEOUT_FILE=sftp://… leaves its dump on the server', async (t) => {
    const options = { privateKey: sshd.privateKey, knownHostsPath: sshd.knownHostsPath, agent: false };
    await assertUploaded(t, `sftp://${sshd.username}@127.0.0.1:${sshd.port}${sshd.data}/e2e/`, options);
  });
}

test('a crash whose bucket is unreachable keeps the dump locally and says where and why', async (t) => {
  const port = await freePort();
  const options = { endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'do-not-print-me' } };
  const { code, stderr } = await crash({ WIPEOUT_FILE: 's3://test/down/{id}.wipeout', WIPEOUT_STORAGE_OPTIONS: JSON.stringify(options) });
  t.is(code, 1);
  t.regex(stderr, /TypeError: Cannot read properties of undefined \(reading 'name'\)/);
  const lines = stderr.split('\n').filter((line) => line.startsWith('wipeout:'));
  t.is(lines.length, 1, stderr);
  t.regex(lines[0], new RegExp(`nothing is listening at 127\\.0\\.0\\.1:${port}`));
  t.false(stderr.includes('do-not-print-me'));
  const local = /(\/\S+\.wipeout)\s*$/.exec(lines[0])?.[1];
  t.truthy(local, lines[0]);
  t.teardown(() => rmSync(local, { force: true }));
  t.true(existsSync(local));
  t.is(decodeDump(readFileSync(local)).errorSummary.name, 'TypeError');
});
