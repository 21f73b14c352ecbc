import { urlScheme } from './parse-url.js';
import { StorageError } from './storage-error.js';
import type { Driver } from './types.js';

// Drivers are imported on first use, so that reading a local file loads no network code.
const DRIVERS: Record<string, () => Promise<Driver>> = {
  file: async () => (await import('./drivers/file.js')).fileDriver,
  memory: async () => (await import('./drivers/memory.js')).memoryDriver,
  s3: async () => (await import('./drivers/s3.js')).s3Driver,
  az: async () => (await import('./drivers/azure.js')).azureDriver,
  abfs: async () => (await import('./drivers/azure.js')).azureDriver,
  abfss: async () => (await import('./drivers/azure.js')).azureDriver,
  sftp: async () => (await import('./drivers/sftp.js')).sftpDriver,
  ssh: async () => (await import('./drivers/sftp.js')).sftpDriver,
  http: async () => (await import('./drivers/http.js')).httpDriver,
  https: async () => (await import('./drivers/http.js')).httpDriver,
};

/** The URL schemes storage understands, besides plain paths. */
export const SCHEMES = Object.keys(DRIVERS);

/** The driver for a URL's scheme; plain paths and `~` go to the file driver. */
export function driverFor(url: string): Promise<Driver> {
  if (typeof url !== 'string' || url === '') {
    throw new StorageError(`Expected a storage URL or path, got ${url === '' ? 'an empty string' : typeof url}`, 'invalid-url');
  }
  const scheme = urlScheme(url) ?? 'file';
  const load = DRIVERS[scheme];
  if (!load) {
    const known = SCHEMES.map((name) => `${name}://`).join(', ');
    throw new StorageError(`Unsupported storage URL scheme ${scheme}:// (supported: plain paths, ${known})`, 'invalid-url');
  }
  return load();
}
