/** Largest message body accepted; a bigger Content-Length is garbage, not a request. */
const MAX_BODY = 16 * 1024 * 1024;
/** Bytes kept while looking for a header; anything older that never became a header is dropped. */
const MAX_PENDING_HEADER = 64 * 1024;
const HEADER = /content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n/i;
const HEADER_START = Buffer.from('content-length', 'latin1');
/** Bytes of an unfinished header kept when the rest is dropped: more than any real header line. */
const HEADER_TAIL = 1024;

/** A strict header block: `Content-Length: N` first, then only further `Name: value` lines. */
const STRICT_BLOCK = /^Content-Length:[ \t]*(\d{1,10})[ \t]*\r\n(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r\n)*$/i;
const STRICT_START = 'content-length:';
/** Header names a browser or an HTTP client sends and no DAP client does. */
const HTTP_HEADER = /(?:^|\n)(?:host|origin|referer|user-agent|cookie|sec-fetch-[a-z-]*|connection|upgrade|accept[a-z-]*)[ \t]*:/i;
/** A strict header block longer than this without its blank line is not a DAP header. */
const MAX_STRICT_HEADER = 1024;

/**
 * What the reader hands on: a parsed JSON message, a note about bytes it had to skip, or (strict
 * mode) the reason the connection must be closed at once.
 */
export type ReadEvent = { message: unknown } | { garbage: string } | { fatal: string };

/** Options of `MessageReader`. */
export interface MessageReaderOptions {
  /**
   * Every message must start with exactly `Content-Length: N` and nothing may come between
   * messages: anything else (an HTTP request line, `Host:`, `Origin:`, stray bytes) is a `fatal`
   * event and the reader reads nothing more. For TCP, where any web page can make the browser send
   * an HTTP request to the port; stdio stays lenient.
   */
  strict?: boolean;
}

/**
 * Splits a DAP byte stream (`Content-Length: N\r\n\r\n{json}`) into messages. Unlike the
 * `@vscode/debugadapter` reader, it survives anything a socket can deliver: bytes before a header are
 * skipped, oversized or unparsable bodies are reported and dropped, and the buffer never grows
 * past a bound, so one bad client cannot take the server down or exhaust its memory.
 */
export class MessageReader {
  #pending: Buffer = Buffer.alloc(0);
  #bodyLength = -1;
  #dead = false;

  constructor(readonly onEvent: (event: ReadEvent) => void, readonly options: MessageReaderOptions = {}) {}

  push(chunk: Buffer): void {
    if (this.#dead) return;
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      if (this.#bodyLength >= 0) {
        if (this.#pending.length < this.#bodyLength) return;
        const body = this.#pending.subarray(0, this.#bodyLength);
        this.#pending = this.#pending.subarray(this.#bodyLength);
        this.#bodyLength = -1;
        this.#parse(body);
        continue;
      }
      if (!(this.options.strict ? this.#readStrictHeader() : this.#readHeader())) return;
    }
  }

  /** Strict mode: consumes one header block, or stops the reader for good with a `fatal` event. */
  #readStrictHeader(): boolean {
    if (this.#pending.length === 0) return false;
    const head = this.#pending.subarray(0, STRICT_START.length).toString('latin1').toLowerCase();
    if (!STRICT_START.startsWith(head)) {
      const http = /^[A-Z]+ \S/.test(this.#pending.subarray(0, 16).toString('latin1')) ? ' (an HTTP request: the DAP port is not a web server)' : '';
      return this.#die(`Expected a DAP header (Content-Length: N), got ${JSON.stringify(this.#pending.subarray(0, 40).toString('latin1'))}${http}; connection closed`);
    }
    const end = this.#pending.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.#pending.length > MAX_STRICT_HEADER) return this.#die(`Expected a DAP header of at most ${MAX_STRICT_HEADER} bytes, got more without its end; connection closed`);
      return false;
    }
    const block = this.#pending.subarray(0, end + 2).toString('latin1');
    if (HTTP_HEADER.test(block)) return this.#die(`Expected a DAP header, got HTTP headers ${JSON.stringify(block.slice(0, 80))}; connection closed`);
    const match = STRICT_BLOCK.exec(block);
    const length = match ? Number(match[1]) : NaN;
    if (!Number.isSafeInteger(length) || length > MAX_BODY) {
      return this.#die(`Expected a DAP header "Content-Length: N" with N at most ${MAX_BODY}, got ${JSON.stringify(block.trim().slice(0, 80))}; connection closed`);
    }
    this.#pending = this.#pending.subarray(end + 4);
    this.#bodyLength = length;
    return true;
  }

  #die(reason: string): false {
    this.#dead = true;
    this.#pending = Buffer.alloc(0);
    this.onEvent({ fatal: reason });
    return false;
  }

  /** Consumes one header block; false when more bytes are needed. */
  #readHeader(): boolean {
    const start = indexOfCaseless(this.#pending, HEADER_START);
    if (start < 0) {
      // Keep only a tail that could be the beginning of a header split across chunks.
      if (this.#pending.length > HEADER_START.length) {
        this.#skip(this.#pending.length - HEADER_START.length);
      }
      return false;
    }
    if (start > 0) this.#skip(start);
    const end = this.#pending.indexOf('\r\n\r\n');
    if (end < 0) {
      // A header that has not ended within MAX_PENDING_HEADER never will: drop all of it but a
      // tail long enough to hold the start of a real header, so the buffer stays bounded.
      if (this.#pending.length > MAX_PENDING_HEADER) this.#skip(this.#pending.length - HEADER_TAIL);
      return false;
    }
    const header = this.#pending.subarray(0, end + 2).toString('latin1');
    const match = HEADER.exec(header);
    const length = match ? Number(match[1]) : NaN;
    if (!Number.isSafeInteger(length) || length > MAX_BODY) {
      this.onEvent({ garbage: `Expected a Content-Length header of at most ${MAX_BODY} bytes, got ${JSON.stringify(header.trim().slice(0, 80))}` });
      this.#pending = this.#pending.subarray(end + 4);
      return true;
    }
    this.#pending = this.#pending.subarray(end + 4);
    this.#bodyLength = length;
    return true;
  }

  #skip(count: number): void {
    const skipped = this.#pending.subarray(0, count);
    this.#pending = this.#pending.subarray(count);
    if (skipped.some((byte) => byte !== 0x0d && byte !== 0x0a && byte !== 0x20)) {
      this.onEvent({ garbage: `Expected a DAP header (Content-Length: N), skipped ${count} bytes: ${JSON.stringify(skipped.subarray(0, 40).toString('latin1'))}` });
    }
  }

  #parse(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (error) {
      this.onEvent({ garbage: `Expected a JSON message body, got ${body.length} bytes that do not parse: ${(error as Error).message}` });
      return;
    }
    this.onEvent({ message });
  }
}

function indexOfCaseless(buffer: Buffer, lowerNeedle: Buffer): number {
  // Every client writes `Content-Length`; other spellings are looked for only near the start, so
  // a long pipelined chunk is never lowercased (which would make reading quadratic).
  const exact = buffer.indexOf('Content-Length', 0, 'latin1');
  const head = Buffer.from(buffer.subarray(0, 4096).toString('latin1').toLowerCase(), 'latin1').indexOf(lowerNeedle);
  if (head >= 0 && (exact < 0 || head < exact)) return head;
  return exact;
}
