import test from 'ava';
import { createServer } from 'node:http';
import { writeObject, StorageError } from '../../dist/storage/index.js';
import { freePort } from '../helpers/storage-free-port.js';
import { startS3Server } from '../helpers/storage-s3-server.js';
import { storageContract } from '../helpers/storage-contract.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // the SDK's notice about Node 20 support

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

// s3rver ignores If-None-Match, so this stand-in plays AWS for the race that the HEAD check cannot
// close: the key is still free at HEAD time and taken by the time of the PUT.
test('s3:// reports a PUT refused by If-None-Match (a writer that won the race) as an existing object', async (t) => {
  let conditional;
  const server = createServer((request, response) => {
    if (request.method === 'HEAD') {
      response.writeHead(404).end();
      return;
    }
    request.resume();
    request.on('end', () => {
      conditional = request.headers['if-none-match'];
      if (conditional !== '*') {
        response.writeHead(200).end();
        return;
      }
      response.writeHead(412, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const options = { endpoint: `http://127.0.0.1:${server.address().port}`, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, maxAttempts: 1 };
  const error = await t.throwsAsync(writeObject('s3://test/raced.wipeout', Buffer.from('late'), options), { instanceOf: StorageError });
  t.is(conditional, '*');
  t.is(error.code, 'exists');
});
