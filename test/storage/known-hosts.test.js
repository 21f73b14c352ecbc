import test from 'ava';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHostKey } from '../../dist/storage/drivers/known-hosts.js';

const folder = mkdtempSync(join(tmpdir(), 'wipeout-known-hosts-'));
test.after.always(() => rmSync(folder, { recursive: true, force: true }));

const key = randomBytes(51);
const otherKey = randomBytes(51);
const line = (hosts, blob = key, marker = '') => `${marker}${marker ? ' ' : ''}${hosts} ssh-ed25519 ${blob.toString('base64')} comment`;
let counter = 0;
function file(...lines) {
  const path = join(folder, `known_hosts_${++counter}`);
  writeFileSync(path, `# a comment\n\n${lines.join('\n')}\n`);
  return path;
}
function hashed(name) {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const cases = [
  ['a plain host on port 22', [line('example.com')], 'example.com', 22, 'known'],
  ['one of several comma-separated names', [line('other.org,example.com,192.0.2.1')], 'example.com', 22, 'known'],
  ['a bracketed host and port', [line('[example.com]:2222')], 'example.com', 2222, 'known'],
  ['a bare host does not cover another port', [line('example.com')], 'example.com', 2222, 'unknown'],
  ['a hashed host name', [line(hashed('example.com'))], 'example.com', 22, 'known'],
  ['a hashed host and port', [line(hashed('[example.com]:2222'))], 'example.com', 2222, 'known'],
  ['a wildcard pattern', [line('*.example.com')], 'db.example.com', 22, 'known'],
  ['a negated pattern wins over a wildcard', [line('*.example.com,!db.example.com')], 'db.example.com', 22, 'unknown'],
  ['a listed host with another key', [line('example.com', otherKey)], 'example.com', 22, 'mismatch'],
  ['a second line with the right key', [line('example.com', otherKey), line('example.com')], 'example.com', 22, 'known'],
  ['a revoked key', [line('example.com'), line('*', key, '@revoked')], 'example.com', 22, 'revoked'],
  ['a cert-authority line is not a host key', [line('example.com', key, '@cert-authority')], 'example.com', 22, 'unknown'],
  ['host names match without regard to case', [line('EXAMPLE.com')], 'example.COM', 22, 'known'],
];

for (const [title, lines, host, port, verdict] of cases) {
  test(`known_hosts: ${title} is ${verdict}`, (t) => {
    t.is(checkHostKey([file(...lines)], host, port, key), verdict);
  });
}

test('known_hosts: a missing file counts as empty and later files are read too', (t) => {
  t.is(checkHostKey([join(folder, 'missing')], 'example.com', 22, key), 'unknown');
  t.is(checkHostKey([join(folder, 'missing'), file(line('example.com'))], 'example.com', 22, key), 'known');
});
