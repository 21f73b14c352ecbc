import type { ObjectInfo } from './types.js';

/** One page of a delimited listing from an object store. */
export interface ListingPage {
  /** Objects directly under the prefix: full keys. */
  objects: Array<{ key: string; size: number; mtime?: Date }>;
  /** "Sub-folders": full prefixes ending with `/`. */
  folders: string[];
}

/**
 * Lists an object store the way `listObjects` promises: `key/` is a folder, `key` is a folder
 * when objects exist under `key/`, and otherwise a name prefix inside its folder. `listPrefix`
 * returns every object and folder directly under a prefix (the store's `Delimiter: '/'` listing).
 */
export async function listObjectStore(
  key: string,
  listPrefix: (prefix: string) => Promise<ListingPage>,
  urlOf: (key: string) => string,
): Promise<ObjectInfo[]> {
  let prefix = key;
  let page = await listPrefix(prefix);
  if (prefix !== '' && !prefix.endsWith('/') && page.folders.includes(`${prefix}/`)) {
    prefix += '/';
    page = await listPrefix(prefix);
  }
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  return page.objects
    .filter((object) => !object.key.endsWith('/'))
    .map((object) => ({ url: urlOf(object.key), name: object.key.slice(folder.length), size: object.size, mtime: object.mtime }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
