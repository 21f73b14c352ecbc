import { displayUrl, scrubUrls } from './parse-url.js';
import { StorageError, type StorageErrorCode } from './storage-error.js';

/** The operation named in messages: "Cannot read s3://…: …". */
export type Operation = 'read' | 'write' | 'list' | 'stat';

const VERBS: Record<Operation, string> = { read: 'read', write: 'write', list: 'list', stat: 'look up' };

/**
 * A `StorageError` whose message is "Cannot <op> <url>: <reason>". URLs quoted in the reason (an
 * SDK's message often quotes the one it was given) lose their password and query string too.
 */
export function failure(op: Operation, url: string, code: StorageErrorCode, reason: string, cause?: unknown): StorageError {
  return new StorageError(`Cannot ${VERBS[op]} ${displayUrl(url)}: ${scrubUrls(reason)}`, code, { cause });
}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'];

/**
 * The Node system error code somewhere in an error: on it, in its `cause` chain, among an
 * AggregateError's members (fetch's happy-eyeballs), or only in its message (SDKs that rewrap).
 */
export function findNetworkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors, message } = error as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.includes(code)) return code;
  const inner = findNetworkCode(cause, depth + 1);
  if (inner) return inner;
  if (Array.isArray(errors)) {
    for (const member of errors.slice(0, 8)) {
      const found = findNetworkCode(member, depth + 1);
      if (found) return found;
    }
  }
  if (typeof message === 'string') return NETWORK_CODES.find((name) => message.includes(name));
  return undefined;
}

/**
 * A `StorageError` for a network-level failure (refused, unresolvable, reset, timed out), or
 * `undefined` when the error is something else. `server` names the peer, like `127.0.0.1:9000`.
 */
export function networkFailure(op: Operation, url: string, server: string, error: unknown): StorageError | undefined {
  const code = findNetworkCode(error);
  switch (code) {
    case undefined:
      return isTimeout(error) ? failure(op, url, 'timeout', `${server} did not answer in time`, error) : undefined;
    case 'ECONNREFUSED':
      return failure(op, url, 'unreachable', `nothing is listening at ${server} (connection refused)`, error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return failure(op, url, 'unreachable', `the host name of ${server} could not be resolved`, error);
    case 'ETIMEDOUT':
      return failure(op, url, 'timeout', `${server} did not answer in time`, error);
    case 'ECONNRESET':
    case 'EPIPE':
      return failure(op, url, 'unreachable', `${server} closed the connection`, error);
    default:
      return failure(op, url, 'unreachable', `${server} cannot be reached (${code})`, error);
  }
}

function isTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    const { name, message } = current as { name?: unknown; message?: unknown };
    if (name === 'TimeoutError' || (typeof message === 'string' && /timed? ?out/i.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Any error as a `StorageError`: itself when it already is one, else "failed" with the cause kept. */
export function asStorageError(op: Operation, url: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return failure(op, url, 'failed', firstLine(message), error);
}

/** The first line of an SDK message, shortened: messages stay one line. */
export function firstLine(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
