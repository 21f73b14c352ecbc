import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listObjects, readObject, writeObject, StorageError } from '../../dist/storage/index.js';
import { isEncryptedKey } from '../../dist/storage/drivers/sftp.js';
import { freePort } from '../helpers/storage-free-port.js';
import { startSshd } from '../helpers/storage-sshd.js';
import { storageContract } from '../helpers/storage-contract.js';

const sshd = await startSshd();

if (sshd.skip) {
  test.skip(`sftp:// contract skipped: ${sshd.skip}`, () => {});
} else {
  const base = (port) => `sftp://${sshd.username}@127.0.0.1:${port}${sshd.data}/`;
  storageContract(test, {
    name: 'sftp://',
    async setup() {
      const port = await freePort();
      return {
        base: base(sshd.port),
        options: { privateKey: sshd.privateKey, knownHostsPath: sshd.knownHostsPath, agent: false },
        bad: { privateKey: sshd.strangerKey, knownHostsPath: sshd.knownHostsPath, agent: false },
        down: { base: base(port), options: { privateKey: sshd.privateKey, knownHostsPath: sshd.knownHostsPath, agent: false, timeoutMs: 2000 } },
        stop: sshd.stop,
      };
    },
  });
}

const sftpTest = sshd.skip ? test.skip : test;
const url = (path) => `sftp://${sshd.username}@127.0.0.1:${sshd.port}${path}`;
const good = () => ({ privateKey: sshd.privateKey, knownHostsPath: sshd.knownHostsPath, agent: false });

sftpTest('sftp:// refuses a host missing from known_hosts and says how to add it', async (t) => {
  const options = { ...good(), knownHostsPath: `${sshd.data}/no-such-known-hosts` };
  const error = await t.throwsAsync(readObject(url(`${sshd.data}/x.wipeout`), options), { instanceOf: StorageError });
  t.is(error.code, 'host-key');
  t.regex(error.message, new RegExp(`\\[127\\.0\\.0\\.1\\]:${sshd.port} is not in .*ssh-keyscan -p ${sshd.port} 127\\.0\\.0\\.1.*hostKeyCheck: false`));
});

sftpTest('sftp:// refuses a host whose key differs from known_hosts', async (t) => {
  const options = { ...good(), knownHostsPath: sshd.wrongKnownHostsPath };
  const error = await t.throwsAsync(writeObject(url(`${sshd.data}/mitm.wipeout`), Buffer.from('x'), options), { instanceOf: StorageError });
  t.is(error.code, 'host-key');
  t.regex(error.message, /does not match/);
});

sftpTest('sftp:// with hostKeyCheck false connects to a host missing from known_hosts', async (t) => {
  const options = { ...good(), knownHostsPath: `${sshd.data}/no-such-known-hosts`, hostKeyCheck: false };
  await writeObject(url(`${sshd.data}/unchecked/crash.wipeout`), Buffer.from('unchecked'), options);
  t.is((await readObject(url(`${sshd.data}/unchecked/crash.wipeout`), options)).toString(), 'unchecked');
});

sftpTest('sftp:// reads the key from privateKeyPath, writes files with mode 0600 and creates missing folders', async (t) => {
  const keyFile = `${sshd.data}/../user_key`;
  const options = { privateKeyPath: keyFile, knownHostsPath: sshd.knownHostsPath, agent: false };
  await writeObject(url(`${sshd.data}/made/for/it/crash.wipeout`), Buffer.from('deep'), options);
  t.is(statSync(`${sshd.data}/made/for/it/crash.wipeout`).mode & 0o777, 0o600);
  t.deepEqual(readdirSync(`${sshd.data}/made/for/it`), ['crash.wipeout']);
});

sftpTest('ssh:// is the same as sftp://, and /~/ paths are relative to the login folder', async (t) => {
  const name = `wipeout-test-${process.pid}-${Date.now()}.wipeout`;
  const home = `/~/${name}`;
  try {
    await writeObject(`ssh://${sshd.username}@127.0.0.1:${sshd.port}${home}`, Buffer.from('home'), good());
    t.is(readFileSync(join(homedir(), name), 'utf8'), 'home');
    const listed = await listObjects(url(`/~/wipeout-test-${process.pid}-`), good());
    t.deepEqual(listed.map((entry) => entry.url), [url(home)]);
  } finally {
    rmSync(join(homedir(), name), { force: true });
  }
});

sftpTest('a password in an sftp:// URL never shows in the error', async (t) => {
  const error = await t.throwsAsync(readObject(`sftp://${sshd.username}:hunter2-password@127.0.0.1:${sshd.port}${sshd.data}/x`, { knownHostsPath: sshd.knownHostsPath, agent: false }));
  t.is(error.code, 'denied', error.message);
  t.false(error.message.includes('hunter2-password'));
  t.regex(error.message, /sftp:\/\/\w+:\*\*\*@127\.0\.0\.1/);
});

sftpTest('default keys that need a passphrase are told apart from those that do not', (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'wipeout-keys-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(folder, 'plain')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', join(folder, 'locked')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'a passphrase', '-f', join(folder, 'locked-pem')]);
  t.false(isEncryptedKey(readFileSync(join(folder, 'plain'), 'utf8')));
  t.true(isEncryptedKey(readFileSync(join(folder, 'locked'), 'utf8')));
  t.true(isEncryptedKey(readFileSync(join(folder, 'locked-pem'), 'utf8')));
});
