import { gunzipSync } from 'node:zlib';
import { DumpDecodeError } from './decode-error.js';
import { validateDump } from './validate.js';
import type { Dump } from './types.js';

const GZIP_MAGIC = [0x1f, 0x8b];

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
    text = gunzipSync(bytes).toString('utf8');
  } catch (error) {
    const why = (error as { code?: string }).code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt';
    throw new DumpDecodeError(`${name} is a ${why} wipeout dump: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DumpDecodeError(`${name} is not a wipeout dump: its content is not valid JSON`, { cause: error });
  }
  return validateDump(parsed, name);
}
