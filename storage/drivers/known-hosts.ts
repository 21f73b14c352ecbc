import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What known_hosts says about a host's key. */
export type HostKeyVerdict = 'known' | 'unknown' | 'mismatch' | 'revoked';

/** The name OpenSSH looks a host up by: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether a host pattern field (`a,b,!c`, `[h]:2222`, `|1|salt|hash`) names `name`. */
function patternsMatch(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Checks a server's public key (the SSH wire-format blob) against known_hosts files, the way
 * OpenSSH does for plain and hashed host names, wildcards, negations and `@revoked` lines.
 * `@cert-authority` lines are not supported and never match. Missing files count as empty.
 */
export function checkHostKey(files: string[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  let listed = false;
  let known = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const fields = line.split(/\s+/);
      const marker = fields[0]!.startsWith('@') ? fields.shift() : undefined;
      const [patterns, , base64] = fields;
      if (!patterns || !base64 || marker === '@cert-authority' || !patternsMatch(patterns, name)) continue;
      const same = Buffer.from(base64, 'base64').equals(key);
      if (marker === '@revoked') {
        if (same) return 'revoked';
        continue;
      }
      listed = true;
      if (same) known = true;
    }
  }
  return known ? 'known' : listed ? 'mismatch' : 'unknown';
}
