/** What went wrong, for callers that react differently to, say, a missing object and a refusal. */
export type StorageErrorCode =
  /** The object, bucket, container or folder does not exist. */
  | 'not-found'
  /** `writeObject` found an object already under that name. */
  | 'exists'
  /** Credentials missing or refused, or permission denied. */
  | 'denied'
  /** SFTP only: the server's host key is unknown or does not match known_hosts. */
  | 'host-key'
  /** Nothing answered: connection refused, unknown host, network down. */
  | 'unreachable'
  /** The server did not answer within the timeout. */
  | 'timeout'
  /** The scheme needs an optional package that is not installed. */
  | 'missing-package'
  /** The URL cannot be used: unknown scheme, no bucket, and so on. */
  | 'invalid-url'
  /** A storage option has the wrong type or an unknown name. */
  | 'invalid-options'
  /** The scheme cannot do this operation (listing over HTTP, say). */
  | 'unsupported'
  /** Anything else the server or the file system reported. */
  | 'failed';

/**
 * A storage operation that failed. The message is one sentence meant for users as it is: it names
 * the URL (without passwords or query strings) and the reason, never a value from the storage
 * options. The underlying error stays in `cause` for debugging.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly code: StorageErrorCode;

  constructor(message: string, code: StorageErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
