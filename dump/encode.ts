import { gzipSync } from 'node:zlib';
import type { Dump } from './types.js';

/** Serialises a dump to the bytes of a `.wipeout` file: gzip-compressed JSON. */
export function encodeDump(dump: Dump): Buffer {
  // Level 6 is zlib's default: fast enough at crash time, and JSON compresses well anyway.
  return gzipSync(JSON.stringify(dump), { level: 6 });
}
