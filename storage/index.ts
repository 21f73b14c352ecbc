export { readObject, writeObject, listObjects, statObject } from './objects.js';
export { isRemoteUrl, displayUrl } from './parse-url.js';
export { parseStorageOptions } from './parse-storage-options.js';
export { StorageError, type StorageErrorCode } from './storage-error.js';
export type { StorageOptions, ObjectInfo } from './types.js';
export type { S3StorageOptions } from './drivers/s3.js';
export type { AzureStorageOptions } from './drivers/azure.js';
export type { SftpStorageOptions } from './drivers/sftp.js';
export type { HttpStorageOptions } from './drivers/http.js';
