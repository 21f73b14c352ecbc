import test from 'ava';
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
