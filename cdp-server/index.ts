export { serveCdp, DEFAULT_INSPECT_PORT, MAX_MESSAGE_BYTES, type ServeCdpOptions } from './serve-cdp.js';
export { CdpSession } from './cdp-session.js';
