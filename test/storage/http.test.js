import test from 'ava';
import { freePort } from '../helpers/storage-free-port.js';
import { startHttpServer } from '../helpers/storage-http-server.js';
import { storageContract } from '../helpers/storage-contract.js';

storageContract(test, {
  name: 'http://',
  list: false,
  async setup() {
    const token = 'secret-token-for-tests';
    const server = await startHttpServer({ token });
    const port = await freePort();
    return {
      base: `${server.url}/contract/`,
      options: { headers: { Authorization: `Bearer ${token}` } },
      bad: { headers: { Authorization: 'Bearer not-the-right-token' } },
      down: { base: `http://127.0.0.1:${port}/down/`, options: { timeoutMs: 2000 } },
      stop: server.stop,
    };
  },
});
