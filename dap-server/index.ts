export { serveDap, type ServeDapOptions } from './serve-dap.js';
export { serveTcp, DEFAULT_PORT, type ServeTcpOptions } from './serve-tcp.js';
export { runDapStdio, runDapStdioProcess, type DapStdioOptions } from './run-dap-stdio.js';
export { WipeoutSession, type SessionOptions } from './wipeout-session.js';
