export type * from './types.js';
export { loadDump, modelFromDump } from './load-dump.js';
export { LoadError, localPath } from './read-dump-bytes.js';
export { isRemoteUrl } from '../storage/parse-url.js';
export { renderValue, quote, formatCount, type RenderOptions, type NodeSource } from './render-value.js';
export { parseDebuggerSpec, DebuggerSpecError, type DebuggerSpec } from './parse-debugger-spec.js';
export { DumpDecodeError } from '../dump/index.js';
export { decryptDumpBytes } from './decrypt-dump-bytes.js';
export { runGuarded, type Guarded } from './sandbox/run-guarded.js';
