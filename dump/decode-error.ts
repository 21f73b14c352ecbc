/** A file that is not a readable dump. The message is meant for users as it is. */
export class DumpDecodeError extends Error {
  override name = 'DumpDecodeError';
}
