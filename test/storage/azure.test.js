import test from 'ava';
import { listObjects, readObject, writeObject, StorageError } from '../../dist/storage/index.js';
import { ACCOUNT_KEY, ACCOUNT_NAME, startAzurite } from '../helpers/storage-azurite.js';
import { freePort } from '../helpers/storage-free-port.js';
import { storageContract } from '../helpers/storage-contract.js';

async function setup(options) {
  const server = await startAzurite();
  const port = await freePort();
  return {
    base: 'az://test/contract/',
    // Retries for the working server: Azurite drops a connection now and then on a loaded machine.
    options: { ...options(server), maxTries: 3 },
    bad: { accountName: ACCOUNT_NAME, accountKey: Buffer.from('not the account key at all').toString('base64'), blobEndpoint: server.blobEndpoint, maxTries: 1 },
    down: {
      base: 'az://test/down/',
      options: { accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY, blobEndpoint: `http://127.0.0.1:${port}/${ACCOUNT_NAME}`, maxTries: 1, timeoutMs: 2000 },
    },
    stop: server.stop,
  };
}

storageContract(test.serial, {
  name: 'az:// with a connection string',
  setup: () => setup((server) => ({ connectionString: server.connectionString })),
});

storageContract(test.serial, {
  name: 'az:// with an account name and key',
  setup: () => setup((server) => ({ accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY, blobEndpoint: server.blobEndpoint })),
});

storageContract(test.serial, {
  name: 'az:// with a SAS token',
  setup: () => setup((server) => ({ sasToken: server.sasToken, blobEndpoint: server.blobEndpoint })),
});

test('an abfs:// URL names the container and the account, and reads what az:// wrote', async (t) => {
  const server = await startAzurite();
  t.teardown(server.stop);
  const data = Buffer.from('written through az://');
  await writeObject('az://test/abfs/crash.wipeout', data, { connectionString: server.connectionString });
  // The account comes from the URL; only the endpoint is redirected to the emulator.
  const options = { accountKey: ACCOUNT_KEY, blobEndpoint: server.blobEndpoint };
  const url = `abfs://test@${ACCOUNT_NAME}.dfs.core.windows.net/abfs/crash.wipeout`;
  t.true((await readObject(url, options)).equals(data));
  const [listed] = await listObjects(`abfs://test@${ACCOUNT_NAME}.dfs.core.windows.net/abfs/`, options);
  t.is(listed.url, url);
});

test('az:// without an account says which option is missing', async (t) => {
  const error = await t.throwsAsync(readObject('az://test/crash.wipeout', {}), { instanceOf: StorageError });
  t.is(error.code, 'invalid-options');
  t.regex(error.message, /`accountName` or `connectionString`/);
});
