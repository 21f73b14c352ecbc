/** This package's version, written into every dump. A test keeps it equal to package.json's. */
export const WIPEOUT_VERSION = '0.1.0';
