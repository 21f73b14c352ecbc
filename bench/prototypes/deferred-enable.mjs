// Same-thread 'uncaught', but Debugger.enable only after the main module's first run
// (setImmediate from the preload fires after it). Replaying scriptParsed for scripts already
// loaded costs far less than the debugger's cost while they compile; crashes during that first
// synchronous run are not seen.
import { Session } from 'node:inspector';
import { reportPause } from './report-pause.mjs';

setImmediate(() => {
  const session = new Session();
  session.connect();
  session.on('Debugger.paused', (message) => {
    reportPause(message);
    session.post('Debugger.resume');
  });
  session.post('Debugger.enable');
  session.post('Debugger.setPauseOnExceptions', { state: process.env.PROBE_STATE ?? 'uncaught' });
});
