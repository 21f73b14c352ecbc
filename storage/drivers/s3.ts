import { checkOptions } from '../check-options.js';
import { failure, firstLine, networkFailure, type Operation } from '../failure.js';
import { loadPackage } from '../load-package.js';
import { listObjectStore, type ListingPage } from '../object-listing.js';
import { splitUrl } from '../parse-url.js';
import { StorageError } from '../storage-error.js';
import type { Driver, StorageOptions } from '../types.js';

/** Options of `s3://bucket/key` URLs, passed to `@aws-sdk/client-s3`. */
export interface S3StorageOptions {
  /** The bucket's region. Default: the SDK's chain (`AWS_REGION`, the profile), else `us-east-1` when `endpoint` is set. */
  region?: string;
  /** The endpoint of an S3-compatible store (MinIO, R2, Ceph…), for example `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** Address buckets as `endpoint/bucket/key` instead of `bucket.endpoint/key`. Most S3-compatible stores need it. Default `false`. */
  forcePathStyle?: boolean;
  /** Static credentials. Default: the SDK's chain (environment, shared files and `profile`, SSO, container and instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A profile of `~/.aws/config` and `~/.aws/credentials` for the SDK's chain. */
  profile?: string;
  /** Milliseconds to wait for a connection, and then for each response, before giving up. Default: the SDK's (no limit). */
  timeoutMs?: number;
  /** Attempts per request, first try included. Default: the SDK's (3). */
  maxAttempts?: number;
}

const KNOWN = {
  region: 'string',
  endpoint: 'string',
  forcePathStyle: 'boolean',
  credentials: 'object',
  profile: 'string',
  timeoutMs: 'number',
  maxAttempts: 'number',
} as const;

type Sdk = typeof import('@aws-sdk/client-s3');
type Client = InstanceType<Sdk['S3Client']>;

const loadSdk = () => loadPackage('@aws-sdk/client-s3', 's3', () => import('@aws-sdk/client-s3'));

interface Location {
  bucket: string;
  key: string;
}

function parse(op: Operation, url: string): Location {
  const { host: bucket, path } = splitUrl(url)!;
  if (!bucket) throw failure(op, url, 'invalid-url', 'no bucket (expected s3://bucket/key)');
  return { bucket, key: path.replace(/^\//, '') };
}

function where(options: S3StorageOptions, bucket: string): string {
  if (!options.endpoint) return `the S3 bucket ${bucket}`;
  try {
    return new URL(options.endpoint).host;
  } catch {
    return 'the S3 endpoint';
  }
}

async function withClient<T>(op: Operation, url: string, raw: StorageOptions, run: (sdk: Sdk, client: Client, at: Location) => Promise<T>): Promise<T> {
  const options = checkOptions<S3StorageOptions>(raw, 's3', KNOWN);
  const at = parse(op, url);
  const sdk = await loadSdk();
  const { credentials } = options;
  if (credentials && (typeof credentials.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string')) {
    throw new StorageError('Expected the `credentials` storage option for s3:// URLs to have string `accessKeyId` and `secretAccessKey`', 'invalid-options');
  }
  const client = new sdk.S3Client({
    region: options.region ?? (options.endpoint && !process.env.AWS_REGION ? 'us-east-1' : undefined),
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials,
    profile: options.profile,
    maxAttempts: options.maxAttempts,
    followRegionRedirects: true,
    requestHandler: options.timeoutMs ? { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs } : undefined,
  });
  try {
    return await run(sdk, client, at);
  } catch (error) {
    throw s3Failure(op, url, options, at.bucket, error);
  } finally {
    client.destroy();
  }
}

function s3Failure(op: Operation, url: string, options: S3StorageOptions, bucket: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const { name, message, $metadata } = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (name === 'NoSuchBucket') return failure(op, url, 'not-found', `the bucket ${bucket} does not exist`, error);
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return failure(op, url, 'not-found', 'no such object', error);
  if (name === 'PreconditionFailed' || status === 412) {
    return failure(op, url, 'exists', 'an object already exists there and is never overwritten', error);
  }
  if (name === 'CredentialsProviderError') {
    return failure(op, url, 'denied', 'no AWS credentials found (set `credentials` or `profile` in the storage options, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)', error);
  }
  if (status === 401 || status === 403 || /^(InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|ExpiredToken|InvalidToken)$/.test(name ?? '')) {
    return failure(op, url, 'denied', `access denied (${name ?? status}): check the credentials and the bucket's permissions`, error);
  }
  if (message === 'Region is missing') {
    return failure(op, url, 'invalid-options', 'no AWS region (set `region` in the storage options, or AWS_REGION)', error);
  }
  const network = networkFailure(op, url, where(options, bucket), error);
  if (network) return network;
  return failure(op, url, 'failed', `${name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${firstLine(message ?? '')}`, error);
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

export const s3Driver: Driver = {
  read: (url, options) =>
    withClient('read', url, options, async (sdk, client, { bucket, key }) => {
      const response = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await response.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }),

  write: (url, data, options) =>
    withClient('write', url, options, async (sdk, client, { bucket, key }) => {
      // `If-None-Match: *` makes S3 itself refuse to overwrite; the HEAD before it gives the same
      // answer on S3-compatible stores that ignore the header. A 403 on HEAD (write-only
      // credentials, common for crash collectors) leaves the decision to the PUT.
      const exists = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        (error: unknown) => {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (isMissing(error) || status === 403) return false;
          throw error;
        },
      );
      if (exists) throw failure('write', url, 'exists', 'an object already exists there and is never overwritten');
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: data, IfNoneMatch: '*', ContentType: 'application/octet-stream' }),
      );
    }),

  list: (url, options) =>
    withClient('list', url, options, async (sdk, client, { bucket, key }) =>
      listObjectStore(
        key,
        async (prefix) => {
          const page: ListingPage = { objects: [], folders: [] };
          let token: string | undefined;
          do {
            const response = await client.send(
              new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, Delimiter: '/', ContinuationToken: token }),
            );
            for (const object of response.Contents ?? []) {
              page.objects.push({ key: object.Key!, size: object.Size ?? 0, mtime: object.LastModified });
            }
            for (const folder of response.CommonPrefixes ?? []) page.folders.push(folder.Prefix!);
            token = response.IsTruncated ? response.NextContinuationToken : undefined;
          } while (token);
          return page;
        },
        (objectKey) => `s3://${bucket}/${objectKey}`,
      ),
    ),

  stat: (url, options) =>
    withClient('stat', url, options, async (sdk, client, { bucket, key }) => {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { url, name: key.slice(key.lastIndexOf('/') + 1), size: head.ContentLength ?? 0, mtime: head.LastModified };
    }),
};
