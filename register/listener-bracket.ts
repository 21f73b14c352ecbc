/**
 * Listens to a process event around everyone else's listeners, unseen by them. Node crashes on an
 * uncaught exception or an unhandled rejection only when nobody listens, so the hook may listen
 * only while someone else does; and some listeners count the others (vitest's takes any second
 * listener for the user's, who then handles the error, and stays silent). So the bracket's first
 * listener, prepended, takes both of its listeners off the event before the others run (Node calls
 * the listeners it had when the event began), and its last, appended, puts them back and hears what
 * the others made of it.
 */
import { eventLoop } from './event-loop.js';

type Listener = (...args: unknown[]) => void;

export interface BracketHandlers {
  /** Before everyone else's listeners. */
  before?(...args: unknown[]): void;
  /**
   * After everyone else's listeners, unless one of them threw (the process then ends). `others`:
   * everyone else's listeners as they were when the event came.
   */
  after?(first: unknown, others: Function[]): void;
}

export class ListenerBracket {
  readonly event: string;
  #handlers: BracketHandlers;
  /** Set while the bracket moves its own listeners: those are no one else's. */
  #moving = false;
  #moveQueued = false;
  /** Everyone else's listeners when the event came, for the tail. */
  #heard: Function[] = [];
  #head: Listener = (...args) => {
    this.#detach();
    this.#heard = this.others();
    // Put back even if a listener throws and the process goes on (a throw from an
    // `unhandledRejection` listener becomes an uncaught exception, which someone may handle).
    this.#queueArrange();
    quietly(() => this.#handlers.before?.(...args));
  };
  #tail: Listener = (first) => {
    const others = this.#heard;
    this.#heard = [];
    this.#arrange();
    quietly(() => this.#handlers.after?.(first, others));
  };
  #onNewListener = (event: string | symbol, listener: unknown) => {
    if (event !== this.event || this.#moving) return;
    // Someone else's listener (or ours, put back by a runner that restores the listeners it
    // replaced): listen around it. Node adds it after this event, at the end; the tail moves
    // behind it as soon as it is there.
    if (!this.#ours(listener)) this.#arrange(true);
    this.#queueArrange();
  };
  #onRemoveListener = (event: string | symbol, listener: unknown) => {
    if (event !== this.event || this.#moving) return;
    // `removeAllListeners` takes the listeners from the last one on, the tail first, and reads
    // them from the list it is changing: nothing may move under it. It takes the head too.
    if (this.#ours(listener) || !process.listeners(this.event as 'exit').includes(this.#tail)) {
      this.#queueArrange();
      return;
    }
    // At once: a crash that comes next must find nobody listening if nobody else does.
    if (this.others().length === 0) this.#detach();
  };

  constructor(event: string, handlers: BracketHandlers) {
    this.event = event;
    this.#handlers = handlers;
    process.on('newListener', this.#onNewListener);
    process.on('removeListener', this.#onRemoveListener);
    this.#arrange();
  }

  /** Everyone else's listeners of the event, as they would be without the bracket. */
  others(): Function[] {
    return process.listeners(this.event as 'exit').filter((listener) => !this.#ours(listener));
  }

  dispose(): void {
    process.off('newListener', this.#onNewListener);
    process.off('removeListener', this.#onRemoveListener);
    this.#detach();
  }

  #ours(listener: unknown): boolean {
    return listener === this.#head || listener === this.#tail;
  }

  /** Head first and tail last while anyone else listens (or, `coming`, is about to); neither otherwise. */
  #arrange(coming = false): void {
    this.#detach();
    if (!coming && this.others().length === 0) return;
    this.#moving = true;
    try {
      process.prependListener(this.event as 'exit', this.#head);
      process.on(this.event as 'exit', this.#tail);
    } finally {
      this.#moving = false;
    }
  }

  #detach(): void {
    this.#moving = true;
    try {
      for (const listener of [this.#head, this.#tail]) {
        while (process.listeners(this.event as 'exit').includes(listener)) process.off(this.event as 'exit', listener);
      }
    } finally {
      this.#moving = false;
    }
  }

  #queueArrange(): void {
    if (this.#moveQueued) return;
    this.#moveQueued = true;
    eventLoop.queueMicrotask(() => {
      this.#moveQueued = false;
      this.#arrange();
    });
  }
}

/** The hook's handlers never throw into the program's event; this makes sure. */
function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // Saving must never change what the listeners do.
  }
}
