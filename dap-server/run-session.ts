import { PassThrough } from 'node:stream';
import { MessageReader, type ReadEvent } from './read-messages.js';
import { WipeoutSession, type SessionOptions } from './wipeout-session.js';

/** The two ends of a transport: a socket, or stdin and stdout. */
export interface Transport {
  input: NodeJS.ReadableStream & { destroy?: () => void };
  output: NodeJS.WritableStream;
}

/** What `runSession` adds to the session's options. */
export interface RunSessionOptions {
  /** Called once the session is over; the transport should close. */
  onEnd?: () => void;
  /**
   * Strict DAP framing (TCP): a connection whose bytes are not a DAP header is closed at once,
   * through `transport.input.destroy()`, without a word to the client. See `MessageReader`.
   */
  strict?: boolean;
}

/**
 * Runs one session over a transport and resolves when it is over: the client disconnected, or its
 * end of the stream closed. Nothing the client sends can reject it.
 */
export function runSession(transport: Transport, options: Omit<SessionOptions, 'onEnd'> & RunSessionOptions): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      transport.input.removeListener('data', onData);
      options.onEnd?.();
      resolve();
    };
    const session = new WipeoutSession({ ...options, onEnd: finish });
    // The session writes to `output`; messages reach it through our reader, never the base class's,
    // which throws on malformed input. Its own input is a stream that stays empty.
    session.start(new PassThrough(), transport.output);
    session.on('error', (event: { body?: unknown }) => options.onProblem?.(`transport error: ${String(event?.body ?? 'unknown')}`));
    // Messages wait here while the client is not taking our answers (its socket's buffer is full):
    // reading stops until it drains, so a client that stops reading cannot make answers pile up.
    const queue: ReadEvent[] = [];
    let draining = false;
    const output = transport.output as NodeJS.WritableStream & { writableNeedDrain?: boolean };
    const pump = () => {
      while (queue.length > 0 && !done) {
        if (output.writableNeedDrain === true) {
          if (!draining) {
            draining = true;
            transport.input.pause();
            output.once('drain', () => {
              draining = false;
              transport.input.resume();
              pump();
            });
          }
          return;
        }
        const event = queue.shift()!;
        if ('fatal' in event) {
          options.onProblem?.(event.fatal);
          queue.length = 0;
          transport.input.destroy?.();
          session.end();
          return;
        }
        if ('garbage' in event) options.onProblem?.(event.garbage);
        else session.receive(event.message);
      }
    };
    const reader = new MessageReader((event) => queue.push(event), { strict: options.strict === true });
    const onData = (chunk: Buffer | string) => {
      reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      pump();
    };
    transport.input.on('data', onData);
    transport.input.on('end', () => session.end());
    transport.input.on('close', () => session.end());
    transport.input.on('error', (error: Error) => {
      options.onProblem?.(`connection error: ${error.message}`);
      session.end();
    });
    transport.output.on('error', () => session.end());
  });
}
