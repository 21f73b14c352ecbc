// Runs inside the worker started by worker.mjs.
import { Session } from 'node:inspector';
import { parentPort, workerData } from 'node:worker_threads';
import { writeSync } from 'node:fs';

// An inspector session does not keep a thread alive: listening on the port does, until the main
// thread unrefs this worker.
parentPort.on('message', () => {});

const session = new Session();
session.connectToMainThread();
session.on('Debugger.paused', (message) => {
  if (workerData.report) writeSync(2, `PROBE paused reason=${message.params.reason} frames=${message.params.callFrames.length}\n`);
  session.post('Debugger.resume');
});
session.post('Debugger.enable', () => {
  session.post('Debugger.setPauseOnExceptions', { state: workerData.state }, () => parentPort.postMessage('ready'));
});
