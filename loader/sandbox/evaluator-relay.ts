/**
 * A worker thread between the loader and the evaluator process. The loader's API is synchronous, so
 * the loader posts a request here and blocks on a shared flag; this worker, whose event loop stays
 * free, talks to the evaluator process over IPC and notices when it dies (out of memory), or kills
 * it when it does not answer in time (a built-in that the vm timeout cannot interrupt, such as
 * `new Array(1e8).fill(0)`). Either way it answers, and starts a fresh evaluator on the next request.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EvaluatorRequest, EvaluatorResponse, RelayResponse, RelaySetup } from './evaluator-protocol.js';

/** What the loader posts: a request, how long the evaluator may take, and for ids, their generation. */
export interface RelayMessage {
  request: EvaluatorRequest;
  limitMs: number;
  generation?: number;
}

const { signal, heapMb, port } = workerData as RelaySetup & { port: MessagePort };
const flag = new Int32Array(signal);
const SCRIPT = fileURLToPath(new URL('./evaluator-process.js', import.meta.url));
/** The package's compiled code: the only files the evaluator process may read. */
const CODE_ROOT = join(dirname(SCRIPT), '..', '..');
const START_LIMIT_MS = 30_000;
const RESTARTED = 'the evaluator was restarted, so names declared by earlier expressions are gone';

interface Evaluator {
  process: ChildProcess;
  /** The last few kB of its stderr, to tell running out of memory from other deaths. */
  stderr: string;
  frames: Set<number>;
  exited?: string;
  /** Resolves the pending request's answer (or the start-up message). */
  answer?: (response: EvaluatorResponse | undefined) => void;
}

const specs = new Map<number, string>();
let evaluator: Evaluator | undefined;
let generation = 0;

parentPort!.on('message', async (message: RelayMessage) => {
  let response: EvaluatorResponse;
  try {
    response = await handle(message);
  } catch (error) {
    response = { ok: false, error: `The evaluator failed: ${(error as Error)?.message ?? String(error)}` };
  }
  port.postMessage({ ...response, generation } satisfies RelayResponse);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

async function handle({ request, limitMs, generation: asked }: RelayMessage): Promise<EvaluatorResponse> {
  if (request.op === 'frame') {
    // Kept here, so that a restarted evaluator gets the frame again without the loader's help.
    specs.set(request.frame, request.spec);
    return { ok: true };
  }
  if (request.op === 'children' && asked !== generation) return { ok: false, error: `This value is gone: ${RESTARTED}` };
  const current = evaluator ?? (await start());
  if ('error' in current) return { ok: false, error: current.error };
  if ('frame' in request && !current.frames.has(request.frame)) {
    const spec = specs.get(request.frame);
    if (spec === undefined) return { ok: false, error: `Frame ${request.frame} has no captured values to evaluate in` };
    // Rebuilding a frame takes time in proportion to its values: about a second per 10 MB, at worst.
    const built = await ask(current, { op: 'frame', frame: request.frame, spec }, START_LIMIT_MS + spec.length / 10_000);
    if (!built.ok) return built;
    current.frames.add(request.frame);
  }
  return ask(current, request, limitMs);
}

/** Sends one request and waits for its answer, or for the evaluator to die or run out of time. */
async function ask(current: Evaluator, request: EvaluatorRequest, limitMs: number): Promise<EvaluatorResponse> {
  const answered = new Promise<EvaluatorResponse | undefined>((resolve) => (current.answer = resolve));
  current.process.send(request);
  const timer = setTimeout(() => current.answer?.(undefined), limitMs);
  const response = await answered;
  clearTimeout(timer);
  current.answer = undefined;
  if (response) return response;
  if (!current.exited) {
    current.process.kill('SIGKILL');
    evaluator = undefined;
    const what = request.op === 'evaluate' ? `The expression was stopped after ${request.timeout} ms` : 'The evaluator did not answer in time and was stopped';
    return { ok: false, error: `${what} (it was inside code the time limit cannot interrupt); ${RESTARTED}` };
  }
  return { ok: false, error: `${current.exited}; ${RESTARTED}` };
}

/** Starts an evaluator process and waits for it to say it is ready. */
async function start(): Promise<Evaluator | { error: string }> {
  generation++;
  // The heap limit grows with the frames' values, which the evaluator rebuilds as objects.
  let specBytes = 0;
  for (const spec of specs.values()) specBytes += spec.length;
  const heap = Math.ceil(heapMb + (8 * specBytes) / 2 ** 20);
  const nodeArgs = [`--max-old-space-size=${heap}`, '--disallow-code-generation-from-strings', ...permissionArgs(), SCRIPT];
  const options: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env: {} };
  // Outside V8's heap (ArrayBuffers, strings' backing stores) only the data-size limit of the
  // process bounds memory: `ulimit -d`, where a POSIX shell is there to set it.
  const child: ChildProcess = process.platform === 'win32'
    ? spawn(process.execPath, nodeArgs, options)
    : spawn('/bin/sh', ['-c', `ulimit -d ${(heap + 1024) * 1024} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...nodeArgs], options);
  const current: Evaluator = { process: child, stderr: '', frames: new Set() };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (current.stderr = (current.stderr + text).slice(-4096)));
  child.on('message', (message: EvaluatorResponse) => current.answer?.(message));
  const died = (text: string) => {
    current.exited ??= text;
    if (evaluator === current) evaluator = undefined;
    current.answer?.(undefined);
  };
  child.on('error', (error) => died(`The evaluator could not start: ${error.message}`));
  // 'close', not 'exit': by then stderr has given its last words.
  child.on('close', (code, signalName) => died(deathNote(current.stderr, heap, code, signalName)));
  evaluator = current;
  const ready = await new Promise<EvaluatorResponse | undefined>((resolve) => {
    current.answer = resolve;
    setTimeout(() => resolve(undefined), START_LIMIT_MS);
  });
  current.answer = undefined;
  if (ready?.ok) return current;
  child.kill('SIGKILL');
  evaluator = undefined;
  return { error: `The evaluator process did not start: ${current.exited ?? 'no answer in time'}${current.stderr ? ` (${current.stderr.trim().split('\n').at(-1)})` : ''}` };
}

/** Why the evaluator process ended, from V8's last words on its stderr when it left some. */
function deathNote(stderr: string, heap: number, code: number | null, signalName: string | null): string {
  if (/out of memory|allocation failed/i.test(stderr)) return `The expression ran out of memory (the evaluator's heap limit is ${heap} MB)`;
  // V8's other fatal errors, such as a string or array grown past its maximum size; the lines
  // around the message (`Fatal error in , line 0`, `Fatal error with no security impact:`) say nothing.
  const fatal = /^#?\s*(Fatal (?!error in |error with no).+|FATAL ERROR: .+)$/m.exec(stderr)?.[1];
  if (fatal) return `The expression made the evaluator fail (${fatal.trim()})`;
  return `The evaluator stopped (${signalName ? `signal ${signalName}` : `exit code ${code}`})`;
}

/** Node's permission model: the evaluator may read its own code, and nothing else, nor spawn. */
function permissionArgs(): string[] {
  const flags = process.allowedNodeEnvironmentFlags;
  const flag = flags.has('--permission') ? '--permission' : flags.has('--experimental-permission') ? '--experimental-permission' : undefined;
  return flag ? [flag, `--allow-fs-read=${CODE_ROOT}/`] : [];
}
