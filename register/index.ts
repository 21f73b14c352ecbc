export { dump, install, type Installation } from './install.js';
export { DEFAULT_LIMITS, type InstallOptions } from './options.js';
export type * from '../dump/types.js';
