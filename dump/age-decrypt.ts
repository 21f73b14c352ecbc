/**
 * Reading dumps encrypted with age (`WIPEOUT_RECIPIENTS`): detection by the age header, identity
 * files, decryption. age-encryption is imported only when a dump is actually encrypted.
 */

const BINARY_HEADER = 'age-encryption.org/v1\n';
const ARMOR_HEADER = '-----BEGIN AGE ENCRYPTED FILE-----';

/** Whether bytes are an age file (binary, or ASCII-armored as `age -a` writes). */
export function isAgeEncrypted(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
  return start.startsWith(BINARY_HEADER) || start.trimStart().startsWith(ARMOR_HEADER);
}

/** A dump that could not be decrypted; the message is meant for users as it is. */
export class AgeDecryptError extends Error {
  override name = 'AgeDecryptError';
}

/**
 * The secret keys of an age identity file (`age-keygen` output: `AGE-SECRET-KEY-1…` lines, `#`
 * comments). `source` names the file in errors, which never quote its content: it may be a key.
 */
export function parseIdentities(text: string, source: string): string[] {
  const keys: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]+$/.test(line)) {
      throw new AgeDecryptError(`Expected ${source} to be an age identity file (AGE-SECRET-KEY-1… lines), got something else on line ${index + 1}`);
    }
    keys.push(line);
  }
  if (keys.length === 0) throw new AgeDecryptError(`Expected ${source} to hold an age identity (AGE-SECRET-KEY-1…), got none`);
  return keys;
}

/**
 * Decrypts an age file with the given identities; `location` names the dump in errors, `source`
 * where the identities came from (a file, `WIPEOUT_IDENTITY`).
 */
export async function decryptAge(bytes: Uint8Array, identities: string[], location: string, source = 'the identity'): Promise<Uint8Array> {
  const age = await import('age-encryption');
  const decrypter = new age.Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity);
    } catch (error) {
      // age's own message quotes the whole key: say only what is wrong with it, and keep no
      // cause, which WIPEOUT_DEBUG=1 would print into a bug report.
      throw new AgeDecryptError(`${source} is not a valid age identity (${whyRejected(error)})`);
    }
  }
  let input = bytes;
  try {
    if (!Buffer.from(bytes.subarray(0, BINARY_HEADER.length)).toString('latin1').startsWith(BINARY_HEADER)) {
      input = age.armor.decode(Buffer.from(bytes).toString('utf8'));
    }
    checkHeaderSize(input, location);
    return await decrypter.decrypt(input);
  } catch (error) {
    if (error instanceof AgeDecryptError) throw error;
    const message = (error as Error)?.message ?? String(error);
    if (/no identity matched/i.test(message)) {
      throw new AgeDecryptError(`Cannot decrypt ${location}: the identity given is not one of its recipients`, { cause: error });
    }
    throw new AgeDecryptError(`Cannot decrypt ${location}: the age file is damaged or truncated (${message.split('\n')[0]})`, { cause: error });
  }
}

/** Recipient stanzas an age header may have: each costs a key agreement per identity tried. */
export const MAX_AGE_STANZAS = 64;
/** Bytes an age header may take before its `---` line. */
const MAX_AGE_HEADER = 64 * 1024;

/**
 * Refuses an age header with more than `MAX_AGE_STANZAS` recipients before age parses it: 20,000
 * stanzas cost 13 s of CPU, for a file anyone who can write to the bucket may have planted.
 */
function checkHeaderSize(input: Uint8Array, location: string): void {
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, MAX_AGE_HEADER)).toString('latin1');
  const end = head.indexOf('\n--- ');
  const header = end < 0 ? head : head.slice(0, end);
  let stanzas = 0;
  for (let at = header.indexOf('\n-> '); at >= 0; at = header.indexOf('\n-> ', at + 1)) stanzas++;
  if (stanzas > MAX_AGE_STANZAS) {
    throw new AgeDecryptError(`Cannot decrypt ${location}: its age header has ${stanzas}${end < 0 ? ' or more' : ''} recipient stanzas, more than the ${MAX_AGE_STANZAS} wipeout accepts`);
  }
  if (end < 0 && input.byteLength > MAX_AGE_HEADER) {
    throw new AgeDecryptError(`Cannot decrypt ${location}: its age header is longer than ${MAX_AGE_HEADER / 1024} kB`);
  }
}

/** What age found wrong with a secret key, in words that never include the key. */
function whyRejected(error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  if (/checksum/i.test(message)) return 'bad checksum';
  if (/length|bytes/i.test(message)) return 'wrong length';
  if (/unrecognized identity type/i.test(message)) return 'unknown kind of identity';
  return 'age rejects it';
}
