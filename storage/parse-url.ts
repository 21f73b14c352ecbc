import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorageError } from './storage-error.js';

/** A URL taken apart without decoding: object keys are used exactly as written, as fsspec does. */
export interface UrlParts {
  /** Lower-case scheme without `://`, for example `s3`. */
  scheme: string;
  /** `user[:password]` before the `@`, if any. */
  userinfo?: string;
  /** What follows the userinfo up to the first `/`: a bucket, a container, `host:port`. */
  host: string;
  /** Everything after the authority, starting with `/`, or `''`. */
  path: string;
}

// Two or more letters, so that a Windows drive (`C:\dumps`) is never taken for a scheme.
const SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

/** The lower-case scheme of a URL (`s3`, `file`, …), or `undefined` for a plain path. */
export function urlScheme(url: string): string | undefined {
  return SCHEME.exec(url)?.[1]?.toLowerCase();
}

/** Splits `scheme://[userinfo@]host/path`; `undefined` for a plain path. */
export function splitUrl(url: string): UrlParts | undefined {
  const scheme = urlScheme(url);
  if (scheme === undefined) return undefined;
  const rest = url.slice(scheme.length + 3);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  return at === -1
    ? { scheme, host: authority, path }
    : { scheme, userinfo: authority.slice(0, at), host: authority.slice(at + 1), path };
}

/**
 * Whether a URL names remote storage. False for plain paths, `~` paths and `file://` URLs, which
 * the hook writes directly; `memory://` counts as remote since it is not on disk.
 */
export function isRemoteUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme !== undefined && scheme !== 'file';
}

/**
 * The URL as it may be shown to users: without a password in the userinfo and with the query
 * string (a presigned URL's signature, a SAS token) replaced by `?…`.
 */
export function displayUrl(url: string): string {
  const parts = splitUrl(url);
  if (!parts) return url;
  let shown = url;
  if (parts.userinfo?.includes(':')) {
    const user = parts.userinfo.slice(0, parts.userinfo.indexOf(':'));
    shown = `${parts.scheme}://${user}:***@${parts.host}${parts.path}`;
  }
  const query = shown.search(/[?#]/);
  return query === -1 ? shown : `${shown.slice(0, query)}${shown[query] === '?' ? '?…' : ''}`;
}

/**
 * `text` with every URL in it shown as `displayUrl` shows one. For drivers' and SDKs' messages,
 * which quote the URL they were given, password and signature included.
 */
export function scrubUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]+:\/\/[^\s'"`<>()]+/gi, (url) => displayUrl(url));
}

/**
 * The local path a plain path, `~` path or `file://` URL names (relative paths stay relative). One
 * reading for the hook, the file driver and the loader.
 */
export function localPath(url: string): string {
  if (/^file:\/\//i.test(url)) return fileUrlPath(url);
  if (url === '~' || url.startsWith('~/') || url.startsWith('~\\')) return join(homedir(), url.slice(1));
  return url;
}

/** The path of a `file://` URL, or one sentence saying why the URL names no file of this machine. */
function fileUrlPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_INVALID_FILE_URL_HOST' ? 'it names another host'
      : code === 'ERR_INVALID_FILE_URL_PATH' ? 'its path holds an encoded / or \\'
      : 'it is not a valid URL';
    throw new StorageError(`Expected a file:// URL of this machine, like file:///var/crashes/a.wipeout, got ${displayUrl(url)}: ${why}`, 'invalid-url', { cause: error });
  }
}
