// Debian's OpenSSH server on a free loopback port, as a foreground child (`sshd -D -e`), with a
// generated host key and user key in a temporary folder, for the current user only. Resolves to
// `{ skip: reason }` when sshd or ssh-keygen is not installed (`.ci/run` installs openssh-server).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './storage-free-port.js';

const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((path) => existsSync(path));
const KEYGEN = ['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen'].find((path) => existsSync(path));

function keygen(file) {
  execFileSync(KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'wipeout-test', '-f', file]);
  return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => socket.end(() => resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

export async function startSshd() {
  if (!SSHD || !KEYGEN) return { skip: 'sshd is not installed (apt-get install openssh-server)' };
  const root = process.getuid?.() === 0;
  // sshd refuses to start without its privilege separation folder; only root can create it.
  if (!existsSync('/run/sshd')) {
    if (!root) return { skip: 'sshd needs /run/sshd, which only root can create' };
    mkdirSync('/run/sshd', { mode: 0o755 });
  }
  const folder = mkdtempSync(join(tmpdir(), 'wipeout-sshd-'));
  const host = keygen(join(folder, 'host_key'));
  const user = keygen(join(folder, 'user_key'));
  const stranger = keygen(join(folder, 'stranger_key'));
  const otherHost = keygen(join(folder, 'other_host_key'));
  writeFileSync(join(folder, 'authorized_keys'), `${user.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const hostKeyBlob = host.publicKey.split(/\s+/).slice(0, 2).join(' ');
  const knownHostsPath = join(folder, 'known_hosts');
  writeFileSync(knownHostsPath, `[127.0.0.1]:${port} ${hostKeyBlob}\n`);
  const wrongKnownHostsPath = join(folder, 'wrong_known_hosts');
  writeFileSync(wrongKnownHostsPath, `[127.0.0.1]:${port} ${otherHost.publicKey.split(/\s+/).slice(0, 2).join(' ')}\n`);
  const config = join(folder, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(folder, 'host_key')}`,
      `PidFile ${join(folder, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(folder, 'authorized_keys')}`,
      `AllowUsers ${userInfo().username}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      // The tests open many connections at once; the default (10:30:100) drops some before the handshake.
      'MaxStartups 200',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const data = join(folder, 'data');
  mkdirSync(data);
  for (let tries = 0; !(await canConnect(port)); tries++) {
    if (child.exitCode !== null || tries > 100) {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log}`);
    }
    await delay(100);
  }
  return {
    port,
    username: userInfo().username,
    /** An absolute folder on the server for the tests' objects. */
    data,
    privateKey: user.privateKey,
    strangerKey: stranger.privateKey,
    knownHostsPath,
    wrongKnownHostsPath,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
