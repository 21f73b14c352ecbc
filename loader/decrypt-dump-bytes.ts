import { readFile } from 'node:fs/promises';
import { AgeDecryptError, decryptAge, isAgeEncrypted, parseIdentities } from '../dump/age-decrypt.js';
import { LoadError, localPath } from './read-dump-bytes.js';
import { whyNotRegularFile } from './regular-file.js';

/**
 * The gzip bytes of a dump: `bytes` as they are, or decrypted when the dump was encrypted with age
 * (`WIPEOUT_RECIPIENTS`). `identity` is an identity file (`--identity`), else `WIPEOUT_IDENTITY`
 * (a file, or the `AGE-SECRET-KEY-1…` key itself, as CI secrets are handed over). `identityHint`
 * says how the caller's user gives one, when none was given.
 */
export async function decryptDumpBytes(bytes: Uint8Array, location: string, identity?: string, cwd?: string, identityHint = '--identity <file>'): Promise<Uint8Array> {
  if (!isAgeEncrypted(bytes)) return bytes;
  const given = identity ?? (process.env.WIPEOUT_IDENTITY || undefined);
  if (given === undefined) {
    throw new LoadError(`${location} is encrypted with age: give the identity that decrypts it with ${identityHint} or WIPEOUT_IDENTITY`);
  }
  try {
    const fromEnv = identity === undefined;
    const source = fromEnv ? 'WIPEOUT_IDENTITY' : given;
    const text = fromEnv && /^\s*AGE-SECRET-KEY-/.test(given) ? given : await readIdentityFile(given, source, cwd);
    return await decryptAge(bytes, parseIdentities(text, source), location, source);
  } catch (error) {
    if (error instanceof AgeDecryptError || error instanceof LoadError) throw new LoadError(error.message, { cause: error });
    throw error;
  }
}

async function readIdentityFile(path: string, source: string, cwd?: string): Promise<string> {
  const fail = (why: string, cause?: unknown) => {
    // A key where a path was expected (quoted, or given to --identity) must not be echoed.
    if (/AGE-SECRET-KEY/i.test(path)) {
      const what = source === path ? 'The identity given' : source;
      return new LoadError(`${what} is neither a readable file nor a valid age identity: give the path of an identity file, or in WIPEOUT_IDENTITY the bare AGE-SECRET-KEY-1… key, without quotes`);
    }
    return new LoadError(`Cannot read the age identity file ${source === path ? path : `${path} (from ${source})`}: ${why}`, { cause });
  };
  const file = localPath(path, cwd);
  try {
    const why = await whyNotRegularFile(file);
    if (why !== undefined) throw fail(why);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof LoadError) throw error;
    // stat's and readFile's own messages quote the path, which may be a key: `fail` decides.
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message, error);
  }
}
