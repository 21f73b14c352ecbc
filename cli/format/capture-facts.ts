import type { DumpModel } from '../../loader/index.js';

/** How a dump was captured and on which thread, as `show`, `show --json` and `list` tell it. */
export interface CaptureFacts {
  /** `main thread`, or `worker "pool" (thread 2)`: a worker's dump and the main thread's look alike otherwise. */
  thread: string;
  threadId: number;
  isMain: boolean;
  /** `pause` (variables captured at the throw) or `stack-only` (frames from the stack string, no variables). */
  method: string;
  /** `captured at the throw`, or why there are no variables. */
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
  const problems = Array.isArray(capture.problems) ? capture.problems.filter((p): p is string => typeof p === 'string') : [];
  const methodText =
    method === 'pause' ? 'captured at the throw'
    : method === 'stack-only' ? `stack only, no variables${problems[0] ? ` (${problems[0]})` : ''}`
    : `captured by ${method}`;
  return {
    thread: isMain ? 'main thread' : `worker${name ? ` ${name}` : ''} (thread ${threadId})`,
    threadId,
    isMain,
    method,
    methodText,
  };
}
