import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { posix } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkOptions } from '../check-options.js';
import { failure, firstLine, networkFailure, type Operation } from '../failure.js';
import { loadPackage } from '../load-package.js';
import { splitUrl } from '../parse-url.js';
import { StorageError } from '../storage-error.js';
import type { Driver, ObjectInfo, StorageOptions } from '../types.js';
import { checkHostKey, knownHostsName, type HostKeyVerdict } from './known-hosts.js';

/**
 * Options of `sftp://[user@]host[:port]/path` and `ssh://…` URLs, passed to `ssh2-sftp-client`.
 * The path is absolute on the server; `/~/path` is relative to the login folder. When no key,
 * password or agent is given, the agent of `SSH_AUTH_SOCK` and the first of `~/.ssh/id_ed25519`,
 * `id_ecdsa`, `id_rsa` are tried. The server's host key is checked against known_hosts unless
 * `hostKeyCheck` is `false`.
 */
export interface SftpStorageOptions {
  /** Login name. Default: the URL's user, else the current user. */
  username?: string;
  /** Password authentication. A password in the URL (`sftp://user:pw@host/…`) works too. */
  password?: string;
  /** A private key's text (OpenSSH or PEM). */
  privateKey?: string;
  /** A private key file; `~` is expanded. */
  privateKeyPath?: string;
  /** The private key's passphrase. */
  passphrase?: string;
  /** An ssh-agent socket path, or `true` for `SSH_AUTH_SOCK`, or `false` to use no agent. */
  agent?: string | boolean;
  /** The port when the URL has none. Default 22. */
  port?: number;
  /** The known_hosts file to check host keys against. Default `~/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`. */
  knownHostsPath?: string;
  /** `false` accepts any host key, which lets an attacker in the middle read and change dumps. Default `true`. */
  hostKeyCheck?: boolean;
  /** Milliseconds to wait for the connection and login. Default: 20000 (ssh2's). */
  timeoutMs?: number;
}

const KNOWN = {
  username: 'string',
  password: 'string',
  privateKey: 'string',
  privateKeyPath: 'string',
  passphrase: 'string',
  agent: 'string|boolean',
  port: 'number',
  knownHostsPath: 'string',
  hostKeyCheck: 'boolean',
  timeoutMs: 'number',
} as const;

type SftpClient = InstanceType<Awaited<ReturnType<typeof loadSdk>>>;

const loadSdk = async () => (await loadPackage('ssh2-sftp-client', 'sftp', () => import('ssh2-sftp-client'))).default;

interface Location {
  scheme: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  /** The path on the server. */
  path: string;
  /** `scheme://user@host:port`, to build the URLs of listed files. */
  origin: string;
}

const expandHome = (path: string) => (path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path);

function parse(op: Operation, url: string, options: SftpStorageOptions): Location {
  const { scheme, userinfo, host: authority, path: rawPath } = splitUrl(url)!;
  const match = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(authority);
  const host = match?.[1]?.replace(/^\[|\]$/g, '');
  if (!host) throw failure(op, url, 'invalid-url', `no host (expected ${scheme}://user@host:port/path)`);
  const colon = userinfo?.indexOf(':') ?? -1;
  const urlUser = userinfo === undefined ? undefined : decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = userinfo !== undefined && colon !== -1 ? decodeURIComponent(userinfo.slice(colon + 1)) : undefined;
  const port = match?.[2] ? Number(match[2]) : options.port ?? 22;
  const user = options.username ?? urlUser ?? userInfo().username;
  const path = rawPath.startsWith('/~/') ? rawPath.slice(3) || '.' : rawPath || '/';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { scheme, host, port, user, password, path, origin: `${scheme}://${user}@${shownHost}${match?.[2] ? `:${port}` : ''}` };
}

/** ssh2's connection settings; `verdict` records why a host key was refused. */
function connectConfig(op: Operation, url: string, options: SftpStorageOptions, at: Location, verdict: { value?: HostKeyVerdict }) {
  const config: Record<string, unknown> = {
    host: at.host,
    port: at.port,
    username: at.user,
    readyTimeout: options.timeoutMs ?? 20_000,
  };
  const password = options.password ?? at.password;
  if (password !== undefined) config['password'] = password;
  if (options.privateKey !== undefined) {
    config['privateKey'] = options.privateKey;
  } else if (options.privateKeyPath !== undefined) {
    try {
      config['privateKey'] = readFileSync(expandHome(options.privateKeyPath));
    } catch (error) {
      throw failure(op, url, 'invalid-options', `the \`privateKeyPath\` file cannot be read (${(error as { code?: string }).code ?? 'error'})`, error);
    }
  }
  if (options.passphrase !== undefined) config['passphrase'] = options.passphrase;
  const explicit = password !== undefined || config['privateKey'] !== undefined;
  if (typeof options.agent === 'string') config['agent'] = options.agent;
  else if (options.agent === true || (options.agent === undefined && !explicit)) config['agent'] = process.env.SSH_AUTH_SOCK;
  if (!explicit) {
    // As ssh does, minus the keys that need a passphrase: ssh2 would refuse to start with one.
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const file = `${homedir()}/.ssh/${name}`;
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      if (isEncryptedKey(text)) continue;
      config['privateKey'] = text;
      break;
    }
  }
  if (options.hostKeyCheck !== false) {
    const files = options.knownHostsPath ? [expandHome(options.knownHostsPath)] : [`${homedir()}/.ssh/known_hosts`, '/etc/ssh/ssh_known_hosts'];
    config['hostVerifier'] = (key: Buffer) => {
      verdict.value = checkHostKey(files, at.host, at.port, key);
      return verdict.value === 'known';
    };
  }
  return config;
}

/** Whether a private key file needs a passphrase (PEM `ENCRYPTED`, or an OpenSSH key whose cipher is not `none`). */
export function isEncryptedKey(text: string): boolean {
  if (/ENCRYPTED/.test(text)) return true;
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1];
  if (!body) return false;
  // "openssh-key-v1\0", then the cipher name as a length-prefixed string.
  const bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const length = bytes.length >= 19 ? bytes.readUInt32BE(15) : 0;
  return bytes.subarray(19, 19 + length).toString('latin1') !== 'none';
}

function hostKeyFailure(op: Operation, url: string, options: SftpStorageOptions, at: Location, verdict: HostKeyVerdict): StorageError {
  const file = options.knownHostsPath ?? '~/.ssh/known_hosts';
  const name = knownHostsName(at.host, at.port);
  switch (verdict) {
    case 'revoked':
      return failure(op, url, 'host-key', `the host key of ${name} is marked @revoked in known_hosts`);
    case 'mismatch':
      return failure(op, url, 'host-key', `the host key of ${name} does not match the one in ${file} (if the server's key was changed on purpose, update that file; otherwise someone may be intercepting the connection)`);
    default:
      return failure(op, url, 'host-key', `${name} is not in ${file} (check its key, then add it with \`ssh-keyscan${at.port === 22 ? '' : ` -p ${at.port}`} ${at.host} >> ${file}\`, or set \`hostKeyCheck: false\` in the storage options)`);
  }
}

function sftpFailure(op: Operation, url: string, at: Location, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const { message = '', code, level } = error as { message?: string; code?: unknown; level?: string };
  if (level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return failure(op, url, 'denied', `the server refused the login of ${at.user} (check the key, password or agent in the storage options)`, error);
  }
  if (code === 'ENOENT' || code === 2 || /no such file/i.test(message)) return failure(op, url, 'not-found', 'no such file', error);
  if (code === 'EACCES' || code === 3 || /permission denied/i.test(message)) return failure(op, url, 'denied', 'permission denied', error);
  const server = `${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}`;
  if (level === 'client-timeout' || /timed out while waiting for handshake/i.test(message)) {
    return failure(op, url, 'timeout', `${server} did not answer in time`, error);
  }
  if (/connection lost before handshake/i.test(message)) {
    return failure(op, url, 'unreachable', `${server} closed the connection before the SSH handshake`, error);
  }
  const network = networkFailure(op, url, server, error);
  if (network) return network;
  return failure(op, url, 'failed', firstLine(message.replace(/^[\w]+(->|: )/, '')), error);
}

async function withSftp<T>(op: Operation, url: string, raw: StorageOptions, run: (client: SftpClient, at: Location) => Promise<T>): Promise<T> {
  const options = checkOptions<SftpStorageOptions>(raw, 'sftp', KNOWN);
  const at = parse(op, url, options);
  const verdict: { value?: HostKeyVerdict } = {};
  const config = connectConfig(op, url, options, at, verdict);
  const Client = await loadSdk();
  // No-op listeners: the package's defaults print to the console on every close.
  const quiet = () => {};
  const client = new Client('wipeout', { error: quiet, end: quiet, close: quiet });
  try {
    try {
      await client.connect(config);
    } catch (error) {
      if (verdict.value !== undefined && verdict.value !== 'known') throw hostKeyFailure(op, url, options, at, verdict.value);
      throw error;
    }
    return await run(client, at);
  } catch (error) {
    throw sftpFailure(op, url, at, error);
  } finally {
    await client.end().catch(() => {});
    (client as unknown as { client?: { destroy?: () => void } }).client?.destroy?.();
  }
}

async function write(client: SftpClient, url: string, path: string, data: Uint8Array): Promise<void> {
  if (await client.exists(path)) throw failure('write', url, 'exists', 'a file already exists there and is never overwritten');
  const folder = posix.dirname(path);
  if (folder !== '.' && folder !== '/' && !(await client.exists(folder))) {
    await client.mkdir(folder, true).catch((error: { code?: string }) => {
      throw failure('write', url, error.code === 'EACCES' ? 'denied' : 'failed', `the folder ${folder} cannot be created on the server`, error);
    });
  }
  // SFTP's plain rename refuses an existing target (OpenSSH links, then unlinks), so the file
  // appears whole under its name or not at all.
  const temp = posix.join(folder, `.${posix.basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await client.put(Buffer.from(data.buffer, data.byteOffset, data.byteLength), temp, { writeStreamOptions: { mode: 0o600 } });
    await client.rename(temp, path);
  } catch (error) {
    await client.delete(temp, true).catch(() => {});
    if (await client.exists(path).catch(() => false)) {
      throw failure('write', url, 'exists', 'a file already exists there and is never overwritten', error);
    }
    throw error;
  }
}

async function list(client: SftpClient, at: Location): Promise<ObjectInfo[]> {
  let folder = at.path;
  let prefix = '';
  if (!folder.endsWith('/') && (await client.exists(folder)) !== 'd') {
    prefix = posix.basename(folder);
    folder = posix.dirname(folder);
  }
  const entries = await client.list(folder);
  const base = `${at.origin}${at.path.startsWith('/') ? '' : '/~/'}${folder === '.' ? '' : folder.replace(/\/?$/, '/')}`;
  return entries
    .filter((entry) => entry.type === '-' && entry.name.startsWith(prefix) && !(entry.name.startsWith('.') && entry.name.endsWith('.tmp')))
    .map((entry) => ({ url: `${base}${entry.name}`, name: entry.name, size: entry.size, mtime: new Date(entry.modifyTime) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const sftpDriver: Driver = {
  read: (url, options) =>
    withSftp('read', url, options, async (client, { path }) => {
      const data = await client.get(path);
      return Buffer.isBuffer(data) ? data : Buffer.from(String(data));
    }),
  write: (url, data, options) => withSftp('write', url, options, (client, { path }) => write(client, url, path, data)),
  list: (url, options) => withSftp('list', url, options, (client, at) => list(client, at)),
  stat: (url, options) =>
    withSftp('stat', url, options, async (client, { path }) => {
      const info = await client.stat(path);
      if (info.isDirectory) throw failure('stat', url, 'failed', 'it is a folder, not a file');
      return { url, name: posix.basename(path), size: info.size, mtime: new Date(info.modifyTime) };
    }),
};
