import { gunzipSync } from 'node:zlib';
import { DumpDecodeError } from './decode-error.js';
import { parseLazily, TooManyObjectsError } from './parse-lazily.js';
import { validateDump } from './validate.js';
import type { Dump } from './types.js';

const GZIP_MAGIC = [0x1f, 0x8b];
/**
 * The largest decompressed dump a reader accepts: the hook's values stay under 32 MB, and sources
 * add a few. Checked while inflating, so a gzip bomb stops here; parsing 400 MB of `[0,0,…]` took
 * 3.5 GB, 128 MB takes well under 1 GB.
 */
export const MAX_JSON_BYTES = 128 * 1024 * 1024;

/**
 * Reads the bytes of a `.wipeout` file. Throws `DumpDecodeError` with one clear sentence when the
 * bytes are not a dump, are truncated or corrupt, or come from a newer major version.
 * Never executes anything: the content is parsed as JSON and checked, nothing more.
 */
export function decodeDump(bytes: Uint8Array, name = 'the file'): Dump {
  if (bytes.length < 2 || bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new DumpDecodeError(`${name} is not a wipeout dump (expected gzip-compressed JSON)`);
  }
  let text: string;
  try {
    // A gzip bomb must fail here, before it takes the memory it claims.
    text = gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DumpDecodeError(`${name} is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB once decompressed; wipeout does not open it`, { cause: error });
    }
    const why = (error as { code?: string }).code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt';
    throw new DumpDecodeError(`${name} is a ${why} wipeout dump: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    // Large dumps open fast when their objects are parsed on demand; anything unusual is parsed whole.
    parsed = parseLazily(text) ?? JSON.parse(text);
  } catch (error) {
    if (error instanceof TooManyObjectsError) throw new DumpDecodeError(`${name} is not a dump wipeout opens: it has ${error.message}`, { cause: error });
    throw new DumpDecodeError(`${name} is not a wipeout dump: its content is not valid JSON`, { cause: error });
  }
  return validateDump(parsed, name);
}
