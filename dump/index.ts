export * from './types.js';
export { encodeDump } from './encode.js';
export { decodeDump } from './decode.js';
export { validateDump } from './validate.js';
export { DumpDecodeError } from './decode-error.js';
