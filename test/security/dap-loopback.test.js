// The DAP server serves a program's memory: it listens on loopback unless told otherwise, and
// says so when told otherwise. (test/dap-server/robustness.test.js checks serveTcp's warning; this
// checks what the `wipeout load --dap` user gets, and that other interfaces are really refused.)
import test from 'ava';
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startServer, within } from '../helpers/dap-server.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

const dump = writeDump(sampleDump());
const external = Object.values(networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

/** 'open' when a TCP connection to host:port succeeds, else the error code. */
function probe(host, port) {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error) => resolve(error.code));
  });
}

test('by default the server listens on 127.0.0.1 only, and says so', async (t) => {
  const server = await startServer(dump);
  t.teardown(() => server.stop());
  t.regex(server.out.stdout, new RegExp(`on 127\\.0\\.0\\.1:${server.port}:`));
  t.is(await probe('127.0.0.1', server.port), 'open');
  if (external) t.is(await probe(external, server.port), 'ECONNREFUSED', `${external} must not reach it`);
  else t.log('no non-loopback IPv4 interface on this machine: only the listening address is checked');
  t.notRegex(server.out.stderr, /warning/);
});

test('--host 0.0.0.0 listens there and warns on stderr that it is not loopback', async (t) => {
  const server = await startServer(dump, ['--host', '0.0.0.0']);
  t.teardown(() => server.stop());
  t.regex(server.out.stdout, new RegExp(`on 0\\.0\\.0\\.0:${server.port}:`));
  if (external) t.is(await probe(external, server.port), 'open');
  // stderr is written first but is another pipe: wait for it rather than race it.
  await within(new Promise((resolve) => {
    const check = () => (/warning/.test(server.out.stderr) ? resolve() : setTimeout(check, 20));
    check();
  }), 'the warning');
  t.regex(server.out.stderr, /warning: listening on 0\.0\.0\.0, not on loopback/);
});
