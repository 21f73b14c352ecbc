import { checkOptions } from '../check-options.js';
import { failure, firstLine, networkFailure, type Operation } from '../failure.js';
import { loadPackage } from '../load-package.js';
import { listObjectStore, type ListingPage } from '../object-listing.js';
import { splitUrl } from '../parse-url.js';
import { StorageError } from '../storage-error.js';
import type { Driver, StorageOptions } from '../types.js';

/**
 * Options of Azure Blob URLs, `az://container/path` and
 * `abfs://container@account.dfs.core.windows.net/path`, passed to `@azure/storage-blob`.
 * Credentials are taken from the first of: `connectionString`, `accountKey`, `sasToken`, else
 * `DefaultAzureCredential` from `@azure/identity` (environment, managed identity, Azure CLI…).
 */
export interface AzureStorageOptions {
  /** A storage account connection string (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`). */
  connectionString?: string;
  /** The storage account. Default: from the `abfs://container@ACCOUNT.dfs.core.windows.net` URL or the connection string. */
  accountName?: string;
  /** The account's shared key. */
  accountKey?: string;
  /** A shared access signature (the query string, with or without its leading `?`). */
  sasToken?: string;
  /** The Blob service endpoint, for emulators and sovereign clouds, for example `http://127.0.0.1:10000/devstoreaccount1`. Default `https://ACCOUNT.blob.core.windows.net`. */
  blobEndpoint?: string;
  /** Milliseconds allowed for each try of a request. Default: the SDK's. */
  timeoutMs?: number;
  /** Tries per request, first try included. Default: the SDK's (4, with growing delays). */
  maxTries?: number;
}

const KNOWN = {
  connectionString: 'string',
  accountName: 'string',
  accountKey: 'string',
  sasToken: 'string',
  blobEndpoint: 'string',
  timeoutMs: 'number',
  maxTries: 'number',
} as const;

type Sdk = typeof import('@azure/storage-blob');
type ContainerClient = ReturnType<InstanceType<Sdk['BlobServiceClient']>['getContainerClient']>;

const loadSdk = () => loadPackage('@azure/storage-blob', 'az', () => import('@azure/storage-blob'));
const loadIdentity = () => loadPackage('@azure/identity', 'az', () => import('@azure/identity'));

interface Location {
  container: string;
  path: string;
  /** The account and endpoint named by the URL itself (`container@account.dfs.core.windows.net`). */
  account?: string;
  endpoint?: string;
}

function parse(op: Operation, url: string): Location {
  const { scheme, userinfo, host, path } = splitUrl(url)!;
  const location: Location = { container: host, path: path.replace(/^\//, '') };
  if (userinfo !== undefined) {
    // `container@account.dfs.core.windows.net`: the Data Lake host's blob twin serves the same data.
    location.container = userinfo;
    location.account = host.split('.')[0];
    location.endpoint = `https://${host.replace('.dfs.', '.blob.')}`;
  }
  if (!location.container) throw failure(op, url, 'invalid-url', `no container (expected ${scheme}://container/path)`);
  return location;
}

async function containerClient(op: Operation, url: string, options: AzureStorageOptions, at: Location): Promise<{ client: ContainerClient; server: string }> {
  const sdk = await loadSdk();
  const pipeline = { retryOptions: { maxTries: options.maxTries, tryTimeoutInMs: options.timeoutMs } };
  const account = options.accountName ?? at.account;
  let service: InstanceType<Sdk['BlobServiceClient']>;
  if (options.connectionString) {
    try {
      service = sdk.BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
    } catch (error) {
      // The SDK's message may quote the string; only say what is wrong with it.
      throw new StorageError('Expected the `connectionString` storage option for az:// URLs to be an Azure Storage connection string', 'invalid-options', { cause: error });
    }
  } else {
    const endpoint = (options.blobEndpoint ?? at.endpoint ?? (account ? `https://${account}.blob.core.windows.net` : undefined))?.replace(/\/+$/, '');
    if (!endpoint) {
      throw failure(op, url, 'invalid-options', 'no storage account (set `accountName` or `connectionString` in the storage options, or use abfs://container@ACCOUNT.dfs.core.windows.net/path)');
    }
    if (options.accountKey) {
      if (!account) throw failure(op, url, 'invalid-options', '`accountKey` needs `accountName` in the storage options');
      service = new sdk.BlobServiceClient(endpoint, new sdk.StorageSharedKeyCredential(account, options.accountKey), pipeline);
    } else if (options.sasToken) {
      service = new sdk.BlobServiceClient(`${endpoint}?${options.sasToken.replace(/^\?/, '')}`, new sdk.AnonymousCredential(), pipeline);
    } else {
      const identity = await loadIdentity().catch((error: unknown) => {
        throw failure(op, url, 'denied', 'no Azure credentials (set `connectionString`, `accountKey` or `sasToken` in the storage options, or npm install @azure/identity for the default credential chain)', error);
      });
      service = new sdk.BlobServiceClient(endpoint, new identity.DefaultAzureCredential(), pipeline);
    }
  }
  let server: string;
  try {
    server = new URL(service.url).host;
  } catch {
    server = 'the Azure endpoint';
  }
  return { client: service.getContainerClient(at.container), server };
}

async function withContainer<T>(op: Operation, url: string, raw: StorageOptions, run: (client: ContainerClient, at: Location) => Promise<T>): Promise<T> {
  const options = checkOptions<AzureStorageOptions>(raw, 'az', KNOWN);
  const at = parse(op, url);
  const { client, server } = await containerClient(op, url, options, at);
  try {
    return await run(client, at);
  } catch (error) {
    throw azureFailure(op, url, server, at.container, error);
  }
}

function azureFailure(op: Operation, url: string, server: string, container: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const { name, message, statusCode, code, details } = error as {
    name?: string;
    message?: string;
    statusCode?: number;
    code?: string;
    details?: { errorCode?: string };
  };
  const errorCode = details?.errorCode ?? code;
  if (errorCode === 'ContainerNotFound') return failure(op, url, 'not-found', `the container ${container} does not exist`, error);
  if (statusCode === 404) return failure(op, url, 'not-found', 'no such blob', error);
  if (statusCode === 409 || statusCode === 412 || errorCode === 'BlobAlreadyExists') {
    return failure(op, url, 'exists', 'a blob already exists there and is never overwritten', error);
  }
  if (statusCode === 401 || statusCode === 403) {
    return failure(op, url, 'denied', `access denied (${errorCode ?? `HTTP ${statusCode}`}): check the credentials and the container's permissions`, error);
  }
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError' || name === 'AuthenticationError') {
    return failure(op, url, 'denied', 'the Azure credential chain found no usable credentials (set `connectionString`, `accountKey` or `sasToken` in the storage options)', error);
  }
  const network = networkFailure(op, url, server, error);
  if (network) return network;
  const label = errorCode ?? (name === 'Error' ? undefined : name);
  const status = statusCode ? ` (HTTP ${statusCode})` : '';
  return failure(op, url, 'failed', `${label ? `${label}${status}: ` : ''}${firstLine(message ?? '')}`, error);
}

export const azureDriver: Driver = {
  read: (url, options) => withContainer('read', url, options, (client, { path }) => client.getBlobClient(path).downloadToBuffer()),

  write: (url, data, options) =>
    withContainer('write', url, options, async (client, { path }) => {
      // `If-None-Match: *` makes the service refuse an existing blob; a block blob appears whole or not at all.
      await client.getBlockBlobClient(path).uploadData(data, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
      });
    }),

  list: (url, options) =>
    withContainer('list', url, options, (client, { path }) =>
      listObjectStore(
        path,
        async (prefix) => {
          const page: ListingPage = { objects: [], folders: [] };
          for await (const item of client.listBlobsByHierarchy('/', { prefix: prefix || undefined })) {
            if (item.kind === 'prefix') page.folders.push(item.name);
            else page.objects.push({ key: item.name, size: item.properties.contentLength ?? 0, mtime: item.properties.lastModified });
          }
          return page;
        },
        (key) => `${url.slice(0, url.length - path.length).replace(/\/?$/, '/')}${key}`,
      ),
    ),

  stat: (url, options) =>
    withContainer('stat', url, options, async (client, { path }) => {
      const properties = await client.getBlobClient(path).getProperties();
      return { url, name: path.slice(path.lastIndexOf('/') + 1), size: properties.contentLength ?? 0, mtime: properties.lastModified };
    }),
};
