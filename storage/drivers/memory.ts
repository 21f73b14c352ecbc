import { failure } from '../failure.js';
import { splitUrl } from '../parse-url.js';
import { listObjectStore, type ListingPage } from '../object-listing.js';
import type { Driver } from '../types.js';

/**
 * `memory://name/path`: objects kept in this process only, for tests and embedding. Takes no
 * options; any given are ignored.
 */
export type MemoryStorageOptions = Record<string, never>;

interface Entry {
  data: Buffer;
  mtime: Date;
}

// Shared through a global symbol so that two copies of this module see the same objects.
const STORE = Symbol.for('wipeout.storage.memory');
const globals = globalThis as { [STORE]?: Map<string, Entry> };
const store = (globals[STORE] ??= new Map<string, Entry>());

/** The store key: everything after `memory://`, with any leading slashes dropped. */
function keyOf(url: string): string {
  const parts = splitUrl(url)!;
  return `${parts.host}${parts.path}`.replace(/^\/+/, '');
}

/** Empties the `memory://` store. */
export function clearMemoryStorage(): void {
  store.clear();
}

export const memoryDriver: Driver = {
  async read(url) {
    const entry = store.get(keyOf(url));
    if (!entry) throw failure('read', url, 'not-found', 'no such object');
    return Buffer.from(entry.data);
  },
  async write(url, data) {
    const key = keyOf(url);
    if (store.has(key)) throw failure('write', url, 'exists', 'an object already exists there and is never overwritten');
    store.set(key, { data: Buffer.from(data), mtime: new Date() });
  },
  async list(url) {
    return listObjectStore(
      keyOf(url),
      async (prefix) => {
        const page: ListingPage = { objects: [], folders: [] };
        for (const [key, entry] of store) {
          if (!key.startsWith(prefix)) continue;
          const slash = key.indexOf('/', prefix.length);
          if (slash === -1) page.objects.push({ key, size: entry.data.length, mtime: entry.mtime });
          else if (!page.folders.includes(key.slice(0, slash + 1))) page.folders.push(key.slice(0, slash + 1));
        }
        return page;
      },
      (key) => `memory://${key}`,
    );
  },
  async stat(url) {
    const key = keyOf(url);
    const entry = store.get(key);
    if (!entry) throw failure('stat', url, 'not-found', 'no such object');
    return { url, name: key.slice(key.lastIndexOf('/') + 1), size: entry.data.length, mtime: entry.mtime };
  },
};
