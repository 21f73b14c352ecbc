import type { DumpModel } from '../../loader/index.js';

/** How a dump was captured and on which thread, as `show`, `show --json` and `list` tell it. */
export interface CaptureFacts {
  /** `main thread`, or `worker "pool" (thread 2)`: a worker's dump and the main thread's look alike otherwise. */
  thread: string;
  threadId: number;
  isMain: boolean;
  /** `pause` (variables captured at the throw) or `stack-only` (frames from the stack string, no variables). */
  method: string;
  /** With `pause`: when the objects were read, `throw` or `escape` (capture.valuesAt, format 1.6). */
  valuesAt?: 'throw' | 'escape';
  /**
   * `captured at the throw`; `… objects as they were when it escaped` when they were read then
   * (capture.valuesAt); or `stack only, no variables`.
   */
  methodText: string;
}

export function captureFacts(model: DumpModel): CaptureFacts {
  const dump = model.dump as unknown as Record<string, unknown>;
  const thread = (typeof dump.thread === 'object' && dump.thread !== null ? dump.thread : {}) as Record<string, unknown>;
  const capture = (typeof dump.capture === 'object' && dump.capture !== null ? dump.capture : {}) as Record<string, unknown>;
  const threadId = typeof thread.id === 'number' ? thread.id : 0;
  const isMain = thread.isMain !== false && threadId === 0;
  const name = typeof thread.name === 'string' && thread.name && thread.name !== 'main' ? JSON.stringify(thread.name) : '';
  const method = typeof capture.method === 'string' ? capture.method : 'unknown';
  // Before format 1.6 every paused dump read its objects at the escape, and did not say so.
  const valuesAt = capture.valuesAt === 'throw' ? 'throw' : 'escape';
  const methodText =
    method === 'pause' ? (valuesAt === 'throw' ? 'captured at the throw' : 'captured at the throw, objects as they were when it escaped')
    // Why there are none is show's next line (format-capture-note.ts), and list has no room for it.
    : method === 'stack-only' ? 'stack only, no variables'
    : `captured by ${method}`;
  return {
    thread: isMain ? 'main thread' : `worker${name ? ` ${name}` : ''} (thread ${threadId})`,
    threadId,
    isMain,
    method,
    ...(method === 'pause' ? { valuesAt } : {}),
    methodText,
  };
}
