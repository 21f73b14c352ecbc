import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import test from 'ava';
import { replInput, runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { freePort } from '../helpers/storage-free-port.js';
import { tempDir } from '../helpers/temp-dir.js';

/** An HTTP server on loopback serving one dump, which checks the header passed as a storage option. */
async function serveDump(t) {
  const bytes = readFileSync(writeDump(sampleDump()));
  const server = createServer((request, response) => {
    if (request.headers.authorization !== 'Bearer t0ken') return response.writeHead(403).end('forbidden');
    if (request.url !== '/crashes/crash.wipeout') return response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return `http://127.0.0.1:${server.address().port}/crashes`;
}

const options = JSON.stringify({ headers: { authorization: 'Bearer t0ken' } });

test('show reads a dump from a URL through the storage layer, with --storage-options', async (t) => {
  const base = await serveDump(t);
  const { code, stdout, stderr } = await runCli(['show', `${base}/crash.wipeout`, '--storage-options', options]);
  t.is(code, 0, stderr);
  t.regex(stdout, /^#0 Order\.total/m);
});

test('load takes the storage options from WIPEOUT_STORAGE_OPTIONS', async (t) => {
  const base = await serveDump(t);
  const { code, stdout } = await runCli(['load', '--file', `${base}/crash.wipeout`], { input: replInput('up', 'p count'), env: { WIPEOUT_STORAGE_OPTIONS: options } });
  t.is(code, 0);
  t.regex(stdout, /\(wipeout\) 3\n/);
});

test('a URL the server refuses is one line and exit 1', async (t) => {
  const base = await serveDump(t);
  const { code, stdout, stderr } = await runCli(['show', `${base}/crash.wipeout`]);
  t.is(code, 1);
  t.is(stdout, '');
  t.is(stderr.trim().split('\n').length, 1);
  t.regex(stderr, /403|forbidden|denied/i);
});

test('a URL with credentials and a signature is named without them, in one line', async (t) => {
  const { code, stderr } = await runCli(['show', 'https://user:pa55@127.0.0.1:1/x.wipeout?sig=SECRETSIG']);
  t.is(code, 1);
  t.is(stderr, 'Cannot read https://user:***@127.0.0.1:1/x.wipeout?…: fetch does not send a user name or password written in the URL: give them as an `authorization` header in the `headers` storage option\n');
});

test('a URL nothing answers says why: connection refused, blocked port', async (t) => {
  const port = await freePort();
  const refused = await runCli(['show', `http://127.0.0.1:${port}/x.wipeout`]);
  t.is(refused.code, 1);
  t.is(refused.stderr, `Cannot read http://127.0.0.1:${port}/x.wipeout: nothing is listening at 127.0.0.1:${port} (connection refused)\n`);
  const blocked = await runCli(['show', 'http://127.0.0.1:1/x.wipeout']);
  t.is(blocked.stderr, 'Cannot read http://127.0.0.1:1/x.wipeout: fetch does not connect to port 1, which the Fetch standard blocks\n');
});

test('a file:// URL of another host is one clear line', async (t) => {
  const { code, stderr } = await runCli(['show', 'file://host/x.wipeout']);
  t.is(code, 1);
  t.is(stderr, 'Expected a file:// URL of this machine, like file:///var/crashes/a.wipeout, got file://host/x.wipeout: it names another host\n');
});

test('bad --storage-options JSON is a usage mistake', async (t) => {
  const { code, stderr } = await runCli(['show', 'http://127.0.0.1:1/x.wipeout', '--storage-options', '{"password":"hunter2"']);
  t.is(code, 2);
  t.regex(stderr, /^Expected --storage-options to be a JSON object, got text that is not valid JSON/);
  t.false(stderr.includes('hunter2'), 'the options, which may hold secrets, are not quoted');
  t.is(stderr.trim().split('\n').length, 1);
});

test('bad --storage-options JSON is the same usage mistake for show and for list of a local folder', async (t) => {
  const dir = tempDir('wipeout-list-');
  const path = writeDump(sampleDump(), { dir });
  for (const args of [['show', path], ['list', dir]]) {
    const { code, stdout, stderr } = await runCli([...args, '--storage-options', '{bad']);
    t.is(code, 2, args[0]);
    t.is(stdout, '');
    t.is(stderr, 'Expected --storage-options to be a JSON object, got text that is not valid JSON (see `wipeout --help`)\n');
  }
});

test('an unknown flag is one line naming the command', async (t) => {
  const { code, stderr } = await runCli(['show', 'x.wipeout', '--bogus']);
  t.is(code, 2);
  t.is(stderr.trim(), 'Unknown flag --bogus for `wipeout show` (see `wipeout show --help`)');
});

test('wipeout dap takes no dump, and says where it goes', async (t) => {
  const { code, stderr } = await runCli(['dap', 'crash.wipeout']);
  t.is(code, 2);
  t.regex(stderr, /^`wipeout dap` takes no dump: .*wipeout load crash\.wipeout --dap <port>/);
});

test('wipeout run with a missing script says so, and runs nothing', async (t) => {
  const { code, stderr, stdout } = await runCli(['run', 'no-such-script.js']);
  t.is(code, 1);
  t.is(stderr.trim(), 'Cannot run no-such-script.js: no such file');
  t.is(stdout, '');
});
