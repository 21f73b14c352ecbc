import test from 'ava';
import { readObject } from '../../dist/storage/index.js';
import { freshDir, runFixture } from '../helpers/crash-run.js';
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

// fetch refuses a URL with a user name or password and quotes the whole URL in its message.
const withCredentials = (port) => `https://user:pa55word@127.0.0.1:${port}/x.wipeout?sig=SECRETSIG`;

test('credentials in an http URL are refused in words that quote neither them nor the query string', async (t) => {
  const error = await t.throwsAsync(readObject(withCredentials(await freePort())));
  t.is(error.code, 'invalid-url');
  t.regex(error.message, /^Cannot read https:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/x\.wipeout\?…: fetch does not send a user name or password written in the URL: give them as an `authorization` header in the `headers` storage option$/);
});

test('the hook says the same when WIPEOUT_FILE is such a URL, and keeps the dump locally', async (t) => {
  const temp = freshDir();
  const result = await runFixture('cjs-nested.cjs', { hook: 'require', env: { WIPEOUT_FILE: withCredentials(await freePort()), TMPDIR: temp } });
  t.is(result.code, 1);
  t.regex(result.stderr, /^wipeout: Cannot write https:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/x\.wipeout\?…: fetch does not send a user name or password/m);
  t.false(/pa55word|SECRETSIG/.test(result.stderr), result.stderr);
});

test('a port that fetch never connects to is named as such, not as "fetch failed"', async (t) => {
  const error = await t.throwsAsync(readObject('http://127.0.0.1:1/x.wipeout?sig=SECRETSIG'));
  t.is(error.message, 'Cannot read http://127.0.0.1:1/x.wipeout?…: fetch does not connect to port 1, which the Fetch standard blocks');
});

test('a URL fetch cannot parse is named without its password or query string', async (t) => {
  const error = await t.throwsAsync(readObject('http://me:pa55word@[::1/x.wipeout?sig=SECRETSIG'));
  t.false(/pa55word|SECRETSIG/.test(error.message), error.message);
  t.regex(error.message, /^Cannot read http:\/\/me:\*\*\*@\[::1\/x\.wipeout\?…: /);
});
