/**
 * `node age-encrypt-cli.js <recipient>…`: reads the plaintext from stdin, writes the age file to
 * stdout. Run by `encryptSync` in a child process, so that a synchronous crash handler can use
 * age's async API. Failures: one line on stderr, exit 1.
 */
import { Encrypter } from 'age-encryption';

async function main(): Promise<void> {
  const recipients = process.argv.slice(2);
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    try {
      encrypter.addRecipient(recipient);
    } catch (error) {
      throw new Error(`Expected an age public key (age1…), got \`${recipient.slice(0, 24)}\`: ${(error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const ciphertext = await encrypter.encrypt(Buffer.concat(chunks));
  await new Promise<void>((resolve, reject) => process.stdout.write(ciphertext, (error) => (error ? reject(error) : resolve())));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.message ?? String(error)}\n`.replace(/\n(?=.)/g, ' '));
  process.exitCode = 1;
});
