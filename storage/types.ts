/**
 * Options for the driver that the URL's scheme selects, as fsspec's `storage_options`: the JSON
 * of `--storage-options`, `WIPEOUT_STORAGE_OPTIONS` or `install(…, { storageOptions })`. Each
 * driver documents its own keys (`S3StorageOptions`, `AzureStorageOptions`, …).
 */
export type StorageOptions = Record<string, unknown>;

/** One stored object, as `listObjects` and `statObject` describe it. */
export interface ObjectInfo {
  /** The object's full URL (or path, for local files), usable with `readObject`. */
  url: string;
  /** The object's name inside its folder or prefix. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Last modification, when the backend tells. */
  mtime?: Date;
}

/** What a storage driver implements. Every method rejects with a `StorageError` only. */
export interface Driver {
  read(url: string, options: StorageOptions): Promise<Buffer>;
  /** Writes a new object; refuses to replace an existing one. */
  write(url: string, data: Uint8Array, options: StorageOptions): Promise<void>;
  /** Lists the objects in a folder (`…/dir/` or `…/dir` when that is a folder) or under a name prefix (`…/dir/crash-`). */
  list(url: string, options: StorageOptions): Promise<ObjectInfo[]>;
  stat(url: string, options: StorageOptions): Promise<ObjectInfo>;
}
