// age key pairs for the encryption tests, made with age-encryption (age-keygen is not installed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { tempDir } from './temp-dir.js';

/** A fresh key pair: `{ identity, recipient, identityFile }`, the identity written as age-keygen would. */
export async function makeKeyPair() {
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const identityFile = join(tempDir('wipeout-key-'), 'key.txt');
  writeFileSync(identityFile, `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
  return { identity, recipient, identityFile };
}

/** Whether bytes are a gzip stream (a plaintext dump), by its magic number. */
export const isGzip = (bytes) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Whether bytes are a binary age file. */
export const isAge = (bytes) => Buffer.from(bytes.subarray(0, 22)).toString('latin1') === 'age-encryption.org/v1\n';
