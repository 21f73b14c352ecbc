import { checkOptions } from '../check-options.js';
import { failure, networkFailure, type Operation } from '../failure.js';
import { StorageError } from '../storage-error.js';
import type { Driver, ObjectInfo, StorageOptions } from '../types.js';

/**
 * Options of `http://` and `https://` URLs: GET reads, PUT writes (with `If-None-Match: *`, so
 * that a server that supports it refuses to overwrite), HEAD looks up. For presigned URLs and
 * crash collectors; listing is not possible over plain HTTP.
 */
export interface HttpStorageOptions {
  /** Extra request headers, for example `{ "Authorization": "Bearer …" }`. */
  headers?: Record<string, string>;
  /** Milliseconds for the whole request, body included, before giving up. Default: no limit beyond Node's own. */
  timeoutMs?: number;
}

const KNOWN = { headers: 'object', timeoutMs: 'number' } as const;

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

function server(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Why fetch failed, when no network error code says it: its message and its cause's. */
function fetchProblem(url: string, error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  const cause = ((error as Error)?.cause as Error | undefined)?.message;
  // fetch never connects to ports such as 1, 25 or 6000, as browsers do not.
  if (cause === 'bad port') return `fetch does not connect to port ${new URL(url).port}, which the Fetch standard blocks`;
  return cause && cause !== message ? `${message} (${cause})` : message;
}

async function request(op: Operation, url: string, raw: StorageOptions, init: RequestInit): Promise<Response> {
  const options = checkOptions<HttpStorageOptions>(raw, 'http', KNOWN);
  for (const value of Object.values(options.headers ?? {})) {
    if (typeof value !== 'string') throw new StorageError('Expected every value of the `headers` storage option to be a string', 'invalid-options');
  }
  if (hasCredentials(url)) {
    throw failure(op, url, 'invalid-url', 'fetch does not send a user name or password written in the URL: give them as an `authorization` header in the `headers` storage option');
  }
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...options.headers, ...(init.headers as Record<string, string>) }, signal });
  } catch (error) {
    throw networkFailure(op, url, server(url), error) ?? failure(op, url, 'failed', fetchProblem(url, error), error);
  }
  if (response.ok) return response;
  await response.body?.cancel().catch(() => {});
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  switch (response.status) {
    case 404:
    case 410:
      throw failure(op, url, 'not-found', `no such object (${status})`);
    case 401:
    case 403:
      throw failure(op, url, 'denied', `access denied (${status}): check the \`headers\` storage option or the URL's signature`);
    case 412:
      throw failure(op, url, 'exists', `an object already exists there and is never overwritten (${status})`);
    default:
      throw failure(op, url, 'failed', `the server answered ${status}`);
  }
}

function nameOf(url: string): string {
  const path = new URL(url).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

export const httpDriver: Driver = {
  async read(url, options) {
    const response = await request('read', url, options, { method: 'GET' });
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw networkFailure('read', url, server(url), error) ?? failure('read', url, 'failed', (error as Error).message, error);
    }
  },
  async write(url, data, options) {
    const response = await request('write', url, options, {
      method: 'PUT',
      body: data,
      headers: { 'if-none-match': '*', 'content-type': 'application/octet-stream' },
    });
    await response.body?.cancel().catch(() => {});
  },
  async list(url) {
    throw failure('list', url, 'unsupported', 'HTTP has no way to list objects (use the store\'s own URL scheme, such as s3://)');
  },
  async stat(url, options): Promise<ObjectInfo> {
    const response = await request('stat', url, options, { method: 'HEAD' });
    const length = response.headers.get('content-length');
    const modified = response.headers.get('last-modified');
    return {
      url,
      name: nameOf(url),
      size: length === null ? 0 : Number(length),
      mtime: modified ? new Date(modified) : undefined,
    };
  },
};
