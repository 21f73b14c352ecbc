// Helpers of the hostile-dump suite: bytes of dumps built from raw JSON text, a walker that expands
// everything a debugger could, and a bounded run of the `wipeout` CLI with a small heap.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI } from './cli-run.js';
import { tempDir } from './temp-dir.js';

/** Writes gzip(text) as a `.wipeout` file and returns its path. */
export function writeRaw(text, name = 'hostile.wipeout') {
  const path = join(tempDir('wipeout-hostile-'), name);
  writeFileSync(path, Buffer.isBuffer(text) ? text : gzipSync(text));
  return path;
}

/**
 * Expands a model as a debugger that clicks everything would: every frame's scopes, children
 * paged, the exception, a few evaluations. Bounded by `limit` children. Returns how many it saw.
 */
export function walkModel(model, limit = 3000) {
  let visited = 0;
  const seen = new Set();
  const queue = [];
  for (const frame of model.frames) for (const scope of model.scopes(frame.index)) queue.push(scope.handle);
  queue.push(model.exception.value.handle);
  while (queue.length > 0 && visited < limit) {
    const handle = queue.shift();
    if (!handle || seen.has(handle)) continue;
    seen.add(handle);
    for (const filter of ['named', 'indexed']) {
      for (const child of model.children(handle, { filter, start: 0, count: 40 })) {
        visited++;
        if (typeof child.name !== 'string' || typeof child.value.text !== 'string') throw new Error(`malformed child ${child.name}`);
        queue.push(child.value.handle);
      }
    }
  }
  try {
    for (const frame of model.frames.slice(0, 3)) {
      for (const expression of ['Object.keys(globalThis).length', 'this', '[].constructor === Array']) {
        const result = model.evaluate(expression, frame.index);
        if (typeof result.ok !== 'boolean') throw new Error('evaluate returned no result');
      }
    }
  } finally {
    // Each model's evaluator is a process: the fuzz suites make hundreds of models.
    model.close();
  }
  return visited;
}

/** Whether any prototype of the loader process was touched. */
export function pollution() {
  const probes = [{}, [], () => {}, '', 0, new Map(), Object, Function.prototype];
  const found = [];
  for (const probe of probes) {
    for (const key of ['polluted', 'isAdmin', 'toStringPolluted', 'x']) if (Object(probe)[key] !== undefined) found.push(`${key} on ${Object.prototype.toString.call(probe)}`);
  }
  return found;
}

/**
 * `node --max-old-space-size=<heapMb> wipeout …args`, killed after `timeoutMs`. Resolves with
 * `{ code, signal, stdout, stderr, timedOut }`.
 */
export function runCliBounded(args, { heapMb = 256, timeoutMs = 60_000, input = '' } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const name of Object.keys(env)) if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS') delete env[name];
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk.length > 200_000 ? chunk.slice(0, 200_000) : chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
