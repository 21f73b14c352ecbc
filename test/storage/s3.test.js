import test from 'ava';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // the SDK's notice about Node 20 support
import { freePort } from '../helpers/storage-free-port.js';
import { startS3Server } from '../helpers/storage-s3-server.js';
import { storageContract } from '../helpers/storage-contract.js';

storageContract(test, {
  name: 's3://',
  async setup() {
    const server = await startS3Server();
    const port = await freePort();
    return {
      base: 's3://test/contract/',
      options: server.options,
      bad: { ...server.options, credentials: { accessKeyId: 'NOT-A-KNOWN-KEY-ID', secretAccessKey: 'not-the-secret-key' } },
      down: {
        base: 's3://test/down/',
        options: { ...server.options, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1, timeoutMs: 2000 },
      },
      stop: server.stop,
    };
  },
});
