// The inspector driven from a worker thread (connectToMainThread): messages are parsed off the
// main thread. The preload awaits the worker's readiness with top-level await, which keeps the
// main thread's event loop (and so its inspector) serving the worker's Debugger.enable.
import { Worker, isMainThread } from 'node:worker_threads';

// Workers inherit execArgv, so this preload runs in its own worker too: without the guard each
// worker starts another, until V8 runs out of memory.
if (isMainThread) await start();

async function start() {
  const worker = new Worker(new URL('./worker-session.mjs', import.meta.url), {
    workerData: { state: process.env.PROBE_STATE ?? 'uncaught', report: process.env.PROBE_REPORT === '1' },
  });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the inspector worker exited early with ${code}`)));
  });
  worker.unref();
}
