import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { EvaluatorRequest, RelayResponse, RelaySetup } from './evaluator-protocol.js';
import type { RelayMessage } from './evaluator-relay.js';
import { FrameShipment } from './frame-shipment.js';

/** The evaluator process's heap limit before room for the frames' values is added (MB). */
const DEFAULT_BASE_HEAP_MB = 1024;
/** Below this, Node itself hardly starts. */
const MIN_BASE_HEAP_MB = 32;
/**
 * How much longer than its own limit a request may take before the relay itself is given up on:
 * room for the relay to start an evaluator (30 s at most) and rebuild a frame (30 s, plus a second
 * per 10 MB of values) first.
 */
const RELAY_GRACE_MS = 70_000;

interface Relay {
  worker: Worker;
  port: MessagePort;
  /** Set to 1 by the relay when an answer is waiting on `port`. One per relay, so a relay being
   * shut down can never wake a call meant for the next one. */
  flag: Int32Array;
  /** What this relay has been given of each frame's values. */
  frames: Map<number, FrameShipment>;
  /** Characters of frame values given to it: rebuilding them takes time too. */
  specChars: number;
}

/**
 * The loader's side of expression evaluation, synchronous as the model's API is. Requests go to a
 * relay worker (evaluator-relay.ts), which forwards them to an evaluator process and always answers:
 * with the result, or with why the evaluator had to be stopped. Both start on the first request.
 */
export class Evaluator {
  #relay?: Relay;
  /** The newest generation seen: a new relay counts on from it, so a handle never names two values. */
  #generation = 0;

  /**
   * Gives the evaluator what `next` says is missing of a frame's values (see FrameShipment): the
   * first part builds the frame's sandbox, later ones extend that same sandbox.
   */
  ensureFrame(frame: number, next: (shipment: FrameShipment) => { text: string; commit: () => void } | undefined): RelayResponse {
    const relay = this.#relayOrError();
    if ('error' in relay) return relay;
    let shipment = relay.frames.get(frame);
    if (!shipment) relay.frames.set(frame, (shipment = new FrameShipment()));
    const part = next(shipment);
    if (!part) return { ok: true, generation: this.#generation };
    relay.specChars += part.text.length;
    const response = this.call({ op: 'frame', frame, spec: part.text, part: shipment.parts }, 1000);
    if (response.ok) part.commit();
    return response;
  }

  /** Sends a request and blocks until the relay answers; `limitMs` bounds the evaluator's work. */
  call(request: EvaluatorRequest, limitMs: number, generation?: number): RelayResponse {
    const relay = this.#relayOrError();
    if ('error' in relay) return relay;
    Atomics.store(relay.flag, 0, 0);
    relay.worker.postMessage({ request, limitMs, generation } satisfies RelayMessage);
    Atomics.wait(relay.flag, 0, 0, limitMs + RELAY_GRACE_MS + relay.specChars / 10_000);
    const received = receiveMessageOnPort(relay.port);
    if (!received) {
      // The relay itself failed: a new one (with the frames given again) serves the next request.
      this.close();
      return { ok: false, error: 'The evaluator did not answer; a new one will start for the next expression', generation: this.#generation };
    }
    const response = received.message as RelayResponse;
    this.#generation = Math.max(this.#generation, response.generation);
    return response;
  }

  /** Ends the evaluator process (waiting briefly until it is gone), then the relay. */
  close(): void {
    const relay = this.#relay;
    if (!relay) return;
    this.#relay = undefined;
    Atomics.store(relay.flag, 0, 0);
    relay.worker.postMessage({ close: true } satisfies RelayMessage);
    Atomics.wait(relay.flag, 0, 0, 2000);
    receiveMessageOnPort(relay.port);
    void relay.worker.terminate();
  }

  /** The running relay, else a new one; a bad WIPEOUT_EVALUATOR_MEMORY is the answer instead. */
  #relayOrError(): Relay | { ok: false; error: string; generation: number } {
    if (this.#relay) return this.#relay;
    const heapMb = baseHeapMb(process.env.WIPEOUT_EVALUATOR_MEMORY);
    if (typeof heapMb === 'string') return { ok: false, error: heapMb, generation: this.#generation };
    this.#relay = this.#startRelay(heapMb);
    return this.#relay;
  }

  #startRelay(heapMb: number): Relay {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const setup: RelaySetup & { port: MessagePort } = { signal: flag.buffer as SharedArrayBuffer, heapMb, firstGeneration: this.#generation + 1, port: port2 };
    // No execArgv: a `--import` preload in the loader's own flags has no business in the relay.
    const worker = new Worker(new URL('./evaluator-relay.js', import.meta.url), { workerData: setup, transferList: [port2], execArgv: [] });
    // A relay that fails is noticed by the wait's time limit; unheard, its error would end the debugger.
    worker.on('error', () => {});
    // Neither keeps a debugger (or a test) from exiting when it is done.
    worker.unref();
    port1.unref();
    return { worker, port: port1, flag, frames: new Map(), specChars: 0 };
  }
}

/** The base heap limit from WIPEOUT_EVALUATOR_MEMORY (MB), or why that setting is refused. */
function baseHeapMb(setting: string | undefined): number | string {
  if (setting === undefined || setting.trim() === '') return DEFAULT_BASE_HEAP_MB;
  const mb = Number(setting);
  if (Number.isSafeInteger(mb) && mb >= MIN_BASE_HEAP_MB) return mb;
  return `WIPEOUT_EVALUATOR_MEMORY must be a whole number of megabytes, at least ${MIN_BASE_HEAP_MB}: got ${JSON.stringify(setting)}`;
}
