import { StorageError } from './storage-error.js';

const loaded = new Map<string, Promise<unknown>>();

/**
 * Imports an optional peer dependency the first time a scheme needs it, and caches the module.
 * `load` must be a literal `() => import('pkg')` so that TypeScript knows the module's types.
 * When the package is not installed, the error says which one to install.
 */
export function loadPackage<T>(name: string, scheme: string, load: () => Promise<T>): Promise<T> {
  let promise = loaded.get(name) as Promise<T> | undefined;
  if (!promise) {
    promise = load().catch((error: unknown) => {
      loaded.delete(name);
      const { code, message } = error as { code?: string; message?: string };
      if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message?.includes(`'${name}'`)) {
        throw new StorageError(`${scheme}:// URLs need the ${name} package: npm install ${name}`, 'missing-package', { cause: error });
      }
      throw new StorageError(`The ${name} package failed to load: ${message ?? String(error)}`, 'missing-package', { cause: error });
    });
    loaded.set(name, promise);
  }
  return promise;
}
