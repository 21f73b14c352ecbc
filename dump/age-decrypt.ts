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
 * comments). `source` names the file in errors.
 */
export function parseIdentities(text: string, source: string): string[] {
  const keys: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]+$/.test(line)) {
      throw new AgeDecryptError(`Expected ${source} to be an age identity file (AGE-SECRET-KEY-1… lines), got a line starting with \`${line.slice(0, 16)}\``);
    }
    keys.push(line);
  }
  if (keys.length === 0) throw new AgeDecryptError(`Expected ${source} to hold an age identity (AGE-SECRET-KEY-1…), got none`);
  return keys;
}

/** Decrypts an age file with the given identities; `location` names the dump in errors. */
export async function decryptAge(bytes: Uint8Array, identities: string[], location: string): Promise<Uint8Array> {
  const age = await import('age-encryption');
  const decrypter = new age.Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity);
    } catch (error) {
      throw new AgeDecryptError(`Expected an age identity (AGE-SECRET-KEY-1…), got one that age rejects: ${(error as Error).message}`, { cause: error });
    }
  }
  let input = bytes;
  try {
    if (!Buffer.from(bytes.subarray(0, BINARY_HEADER.length)).toString('latin1').startsWith(BINARY_HEADER)) {
      input = age.armor.decode(Buffer.from(bytes).toString('utf8'));
    }
    return await decrypter.decrypt(input);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (/no identity matched/i.test(message)) {
      throw new AgeDecryptError(`Cannot decrypt ${location}: the identity given is not one of its recipients`, { cause: error });
    }
    throw new AgeDecryptError(`Cannot decrypt ${location}: the age file is damaged or truncated (${message.split('\n')[0]})`, { cause: error });
  }
}
