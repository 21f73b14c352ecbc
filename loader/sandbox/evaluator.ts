import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { EvaluatorRequest, RelayResponse, RelaySetup } from './evaluator-protocol.js';
import type { RelayMessage } from './evaluator-relay.js';

/** The evaluator process's heap limit before room for the frames' values is added. */
const BASE_HEAP_MB = 1024;
/** How much longer than its own limit a request may take before the relay itself is given up on. */
const RELAY_GRACE_MS = 120_000;

/**
 * The loader's side of expression evaluation, synchronous as the model's API is. Requests go to a
 * relay worker (evaluator-relay.ts), which forwards them to an evaluator process and always answers:
 * with the result, or with why the evaluator had to be stopped. Both start on the first request.
 */
export class Evaluator {
  #flag = new Int32Array(new SharedArrayBuffer(4));
  #relay?: { worker: Worker; port: MessagePort };

  /** Sends a request and blocks until the relay answers; `limitMs` bounds the evaluator's work. */
  call(request: EvaluatorRequest, limitMs: number, generation?: number): RelayResponse {
    const relay = (this.#relay ??= this.#startRelay());
    Atomics.store(this.#flag, 0, 0);
    relay.worker.postMessage({ request, limitMs, generation } satisfies RelayMessage);
    const waited = Atomics.wait(this.#flag, 0, 0, limitMs + RELAY_GRACE_MS);
    const received = receiveMessageOnPort(relay.port);
    if (waited === 'timed-out' || !received) {
      this.close();
      return { ok: false, error: 'The evaluator did not answer; it will be restarted for the next expression', generation: -1 };
    }
    return received.message as RelayResponse;
  }

  /** Stops the relay and its evaluator process (the process also ends when its relay goes). */
  close(): void {
    void this.#relay?.worker.terminate();
    this.#relay = undefined;
  }

  #startRelay() {
    const { port1, port2 } = new MessageChannel();
    const setup: RelaySetup & { port: MessagePort } = { signal: this.#flag.buffer as SharedArrayBuffer, heapMb: BASE_HEAP_MB, port: port2 };
    // No execArgv: a `--import` preload in the loader's own flags has no business in the relay.
    const worker = new Worker(new URL('./evaluator-relay.js', import.meta.url), { workerData: setup, transferList: [port2], execArgv: [] });
    // A relay that fails is noticed by the wait's time limit; unheard, its error would end the debugger.
    worker.on('error', () => {});
    // Neither keeps a debugger (or a test) from exiting when it is done.
    worker.unref();
    port1.unref();
    return { worker, port: port1 };
  }
}
