export * from './types.js';
export { encodeDump } from './encode.js';
export { decodeDump, MAX_JSON_BYTES } from './decode.js';
export { validateDump } from './validate.js';
export { DumpDecodeError } from './decode-error.js';
