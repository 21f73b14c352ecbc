/**
 * A worker thread between the loader and the evaluator process. The loader's API is synchronous, so
 * the loader posts a request here and blocks on a shared flag; this worker, whose event loop stays
 * free, talks to the evaluator process over IPC and notices when it dies (out of memory), or kills
 * it when it does not answer in time (a built-in that the vm timeout cannot interrupt, such as
 * `new Array(1e8).fill(0)`). Either way it answers, and starts a fresh evaluator on the next request.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { evaluatorFlags } from './evaluator-flags.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EvaluatorRequest, EvaluatorResponse, RelayResponse, RelaySetup } from './evaluator-protocol.js';

/** What the loader posts: a request, how long the evaluator may take, and for ids, their generation. */
export type RelayMessage = { request: EvaluatorRequest; limitMs: number; generation?: number } | { close: true };

const { signal, heapMb, firstGeneration, port } = workerData as RelaySetup & { port: MessagePort };
const flag = new Int32Array(signal);
const SCRIPT = fileURLToPath(new URL('./evaluator-process.js', import.meta.url));
/** The package's compiled code: the only files the evaluator process may read. */
const CODE_ROOT = join(dirname(SCRIPT), '..', '..');
const START_LIMIT_MS = 30_000;
const RESTARTED = 'the evaluator was restarted, so names declared by earlier expressions are gone';

interface Evaluator {
  process: ChildProcess;
  heap: number;
  /**
   * The first 16 kB of its stderr, to tell running out of memory from other deaths: V8's fatal
   * message comes first, then a native stack trace long enough to push it out of a short tail.
   */
  stderr: string;
  /** How many parts of each frame's values it has built (see `specs`). */
  frames: Map<number, number>;
  /** Why it ended, once it has. */
  exited?: string;
  outOfMemory?: boolean;
  /** Resolves the pending request's answer (or the start-up message). */
  answer?: (response: EvaluatorResponse | undefined) => void;
  closed: Promise<void>;
}

/** Each frame's parts, in order: kept here, so that a restarted evaluator gets them again. */
const specs = new Map<number, string[]>();
let evaluator: Evaluator | undefined;
let generation = firstGeneration - 1;

parentPort!.on('message', async (message: RelayMessage) => {
  let response: EvaluatorResponse;
  try {
    response = 'close' in message ? await stop() : await handle(message);
  } catch (error) {
    response = { ok: false, error: `The evaluator failed: ${(error as Error)?.message ?? String(error)}` };
  }
  port.postMessage({ ...response, generation } satisfies RelayResponse);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

async function handle({ request, limitMs, generation: asked }: Extract<RelayMessage, { request: unknown }>): Promise<EvaluatorResponse> {
  if (request.op === 'frame') {
    // Kept here, so that a restarted evaluator gets the frame again without the loader's help.
    const parts = specs.get(request.frame) ?? [];
    if (request.part !== parts.length) return { ok: false, error: `Part ${request.part} of frame ${request.frame}'s values came after ${parts.length} parts` };
    parts.push(request.spec);
    specs.set(request.frame, parts);
    return { ok: true };
  }
  if (request.op === 'children' && (asked !== generation || !evaluator)) return { ok: false, error: `This value is gone: ${RESTARTED}` };
  // A frame that kills the evaluator while it is rebuilt gets one more try, in an evaluator whose
  // heap is sized for it (the heap limit is set when a process starts, from the frames known then).
  for (let attempt = 1; ; attempt++) {
    const current = evaluator ?? (await start());
    if ('error' in current) return { ok: false, error: current.error };
    if (!('frame' in request) || current.frames.get(request.frame) === specs.get(request.frame)?.length) return ask(current, request, limitMs);
    const extending = (current.frames.get(request.frame) ?? 0) > 0;
    const built = await buildFrame(current, request.frame);
    if (built.ok) return ask(current, request, limitMs);
    if (current === evaluator || attempt === 2) return built;
    // It died adding a part to a frame expressions had run in: the next one rebuilds every part
    // from the dump, without what those expressions declared or changed, and the answer says so.
    if (extending) return { ok: false, error: `${built.error}; ${RESTARTED}` };
  }
}

/** Gives the evaluator the parts of a frame it has not built yet, in order. */
async function buildFrame(current: Evaluator, frame: number): Promise<EvaluatorResponse> {
  const parts = specs.get(frame);
  if (parts === undefined) return { ok: false, error: `Frame ${frame} has no captured values to evaluate in` };
  for (let part = current.frames.get(frame) ?? 0; part < parts.length; part++) {
    const spec = parts[part]!;
    // Rebuilding a frame takes time in proportion to its values: about a second per 10 MB, at worst.
    const built = await ask(current, { op: 'frame', frame, spec, part }, START_LIMIT_MS + spec.length / 10_000);
    if (!built.ok) {
      // The evaluator dropped the frame's sandbox (evaluator-process.ts): it starts over from part 0.
      current.frames.delete(frame);
      return built;
    }
    current.frames.set(frame, part + 1);
  }
  return { ok: true };
}

/** Sends one request and waits for its answer, or for the evaluator to die or run out of time. */
async function ask(current: Evaluator, request: EvaluatorRequest, limitMs: number): Promise<EvaluatorResponse> {
  const answered = new Promise<EvaluatorResponse | undefined>((resolve) => (current.answer = resolve));
  const timer = setTimeout(() => current.answer?.(undefined), limitMs);
  current.process.send(request);
  const response = await answered;
  clearTimeout(timer);
  current.answer = undefined;
  if (response) return response;
  const timedOut = !current.exited;
  if (timedOut) {
    current.process.kill('SIGKILL');
    if (evaluator === current) evaluator = undefined;
  }
  if (request.op === 'frame') {
    const why = current.outOfMemory ? `they do not fit in its heap limit of ${current.heap} MB` : current.exited ?? 'it did not finish in time';
    return { ok: false, error: `The captured values of frame ${request.frame} could not be rebuilt in the evaluator: ${why}` };
  }
  if (!timedOut) return { ok: false, error: `${current.exited}; ${RESTARTED}` };
  const what = request.op === 'evaluate' ? `The expression was stopped after ${request.timeout} ms` : 'The evaluator did not answer in time and was stopped';
  return { ok: false, error: `${what} (it was inside code the time limit cannot interrupt); ${RESTARTED}` };
}

/** Starts an evaluator process and waits for it to say it is ready. */
async function start(): Promise<Evaluator | { error: string }> {
  generation++;
  // The heap limit grows with the frames' values, which the evaluator rebuilds as objects.
  let specBytes = 0;
  for (const parts of specs.values()) for (const spec of parts) specBytes += spec.length;
  const heap = Math.ceil(heapMb + (8 * specBytes) / 2 ** 20);
  const nodeArgs = [...evaluatorFlags(heap, CODE_ROOT), SCRIPT];
  const options: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env: {} };
  // Outside V8's heap (ArrayBuffers, strings' backing stores) only the data-size limit of the
  // process bounds memory: `ulimit -d`, where a POSIX shell is there to set it. `setpriv
  // --pdeathsig` (Linux) kills the evaluator when this thread ends, even while it is busy in code
  // that never reads its IPC channel again.
  const child: ChildProcess = process.platform === 'win32'
    ? spawn(process.execPath, nodeArgs, options)
    : spawn('/bin/sh', ['-c', `ulimit -d ${dataLimitMb(heap) * 1024} 2>/dev/null; command -v setpriv >/dev/null 2>&1 && exec setpriv --pdeathsig KILL "$0" "$@"; exec "$0" "$@"`, process.execPath, ...nodeArgs], options);
  let closed!: () => void;
  const current: Evaluator = { process: child, heap, stderr: '', frames: new Map(), closed: new Promise((resolve) => (closed = resolve)) };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (current.stderr.length < 16_384) current.stderr = (current.stderr + text).slice(0, 16_384);
  });
  child.on('message', (message: EvaluatorResponse) => current.answer?.(message));
  const died = (text: string) => {
    current.exited ??= text;
    if (evaluator === current) evaluator = undefined;
    current.answer?.(undefined);
  };
  // After a successful start, errors (a send on a closed channel) are followed by 'close'.
  child.on('error', (error) => child.pid === undefined && died(`The evaluator could not start: ${error.message}`));
  // 'close', not 'exit': by then stderr has given its last words.
  child.on('close', (code, signalName) => {
    current.outOfMemory = /out of memory|allocation failed/i.test(current.stderr);
    died(deathNote(current, code, signalName));
    closed();
  });
  evaluator = current;
  const ready = await new Promise<EvaluatorResponse | undefined>((resolve) => {
    current.answer = resolve;
    setTimeout(() => resolve(undefined), START_LIMIT_MS);
  });
  current.answer = undefined;
  if (ready?.ok) return current;
  child.kill('SIGKILL');
  if (evaluator === current) evaluator = undefined;
  return { error: `The evaluator process did not start: ${current.exited ?? 'no answer in time'}${current.stderr ? ` (${current.stderr.trim().split('\n').at(-1)})` : ''}` };
}

/**
 * The process's data-size limit: room for the heap twice over (V8 briefly holds more than its heap
 * limit while it collects, and its threads' stacks count too) and a gigabyte for everything else.
 */
const dataLimitMb = (heap: number) => 2 * heap + 1024;

/** Ends the evaluator process and waits until it is gone, so that no zombie is left behind. */
async function stop(): Promise<EvaluatorResponse> {
  const current = evaluator;
  evaluator = undefined;
  if (current && current.process.exitCode === null && current.process.signalCode === null) {
    current.process.kill('SIGKILL');
    await Promise.race([current.closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  return { ok: true };
}

/** Why the evaluator process ended, from V8's last words on its stderr when it left some. */
function deathNote(current: Evaluator, code: number | null, signalName: string | null): string {
  if (current.outOfMemory) return `The expression ran out of memory (the evaluator's heap limit is ${current.heap} MB)`;
  // C++ code inside V8 or Node whose allocation failed at the data-size limit.
  if (/std::bad_alloc/.test(current.stderr)) return `The expression ran out of memory (the evaluator's data-size limit is ${dataLimitMb(current.heap)} MB)`;
  // V8's other fatal errors, such as a string or array grown past its maximum size; the lines
  // around the message (`Fatal error in , line 0`, `Fatal error with no security impact:`) say nothing.
  const fatal = /^#?\s*(Fatal (?!error in |error with no).+|FATAL ERROR: .+)$/m.exec(current.stderr)?.[1];
  if (fatal) return `The expression made the evaluator fail (${fatal.trim()})`;
  // A crash with no last words happens at the data-size limit, when an allocation outside the heap fails.
  if (signalName && signalName !== 'SIGKILL' && signalName !== 'SIGTERM') return `The expression made the evaluator crash (signal ${signalName}; its limits are ${current.heap} MB of heap and ${dataLimitMb(current.heap)} MB of data)`;
  return `The evaluator stopped (${signalName ? `signal ${signalName}` : `exit code ${code}`})`;
}

