import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Encryption at crash time. The crash handler is synchronous (the event loop never runs again)
 * while age's API is async, so the work happens in a child Node process: the plaintext goes to it
 * over a pipe and the ciphertext comes back over another one — nothing touches the disk.
 * This module imports only node:* so that the hook can load it lazily at the crash for nothing.
 */

/** The child that runs age: `age-encrypt-cli.js <recipient>…`, plaintext on stdin, ciphertext on stdout. */
const CLI = fileURLToPath(new URL('./age-encrypt-cli.js', import.meta.url));

/** How long a crash may wait for the encryption (a 32 MB dump takes well under a second). */
const ENCRYPT_TIMEOUT_MS = 30_000;

/** Public keys age understands: X25519 (`age1…`), post-quantum (`age1pq1…`), tag recipients; bech32, lower case. */
const RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{20,}$/;

/**
 * The recipients of `WIPEOUT_RECIPIENTS` (comma-separated) or of the `recipients` option.
 * Throws an Error naming the bad entry; returns `[]` when nothing is configured.
 */
export function parseRecipients(value: string | readonly string[] | undefined, name = 'WIPEOUT_RECIPIENTS'): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? value.split(',') : [...value];
  const recipients = list.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '');
  for (const recipient of recipients) {
    if (typeof recipient !== 'string' || !RECIPIENT_PATTERN.test(recipient)) {
      const shown = typeof recipient === 'string' ? `\`${recipient.slice(0, 24)}${recipient.length > 24 ? '…' : ''}\`` : typeof recipient;
      throw new Error(`Expected \`${name}\` to hold age public keys (age1…), got ${shown}`);
    }
  }
  return recipients;
}

/**
 * Encrypts `plaintext` for `recipients` (age public keys) and returns the age file (binary, header
 * `age-encryption.org/v1`). Synchronous: usable inside `uncaughtExceptionMonitor`.
 * Throws an Error with a one-line message when it cannot; the caller must then write nothing.
 */
export function encryptSync(plaintext: Uint8Array, recipients: string[]): Buffer {
  const checked = parseRecipients(recipients, 'recipients');
  if (checked.length === 0) throw new Error('Expected at least one age recipient to encrypt the dump for, got none');
  // The child must not run the hook (NODE_OPTIONS may preload it) nor any other preload of the program.
  const env: NodeJS.ProcessEnv = { ...process.env, WIPEOUT: '0' };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, [CLI, ...checked], {
    input: plaintext,
    env,
    maxBuffer: 2 * 1024 * 1024 * 1024,
    timeout: ENCRYPT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (result.error) throw new Error(`age encryption failed: ${(result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `no answer within ${ENCRYPT_TIMEOUT_MS} ms` : result.error.message}`);
  if (result.status !== 0) {
    const why = result.stderr?.toString('utf8').trim().split('\n').pop() || `exit ${result.status ?? result.signal}`;
    throw new Error(`age encryption failed: ${why}`);
  }
  const ciphertext = result.stdout;
  if (!Buffer.isBuffer(ciphertext) || !ciphertext.subarray(0, 22).equals(Buffer.from('age-encryption.org/v1\n'))) {
    throw new Error('age encryption failed: the encrypter did not return an age file');
  }
  return ciphertext;
}
