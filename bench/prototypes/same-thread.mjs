// Same-thread inspector session. PROBE_STATE: pause-on-exceptions state (uncaught | none | all).
// PROBE_EXTRA: breakpoints-inactive (setBreakpointsActive false) | skip-all (setSkipAllPauses).
import { Session } from 'node:inspector';
import { reportPause } from './report-pause.mjs';

const session = new Session();
session.connect();
session.on('Debugger.paused', (message) => {
  reportPause(message);
  session.post('Debugger.resume');
});
session.post('Debugger.enable');
session.post('Debugger.setPauseOnExceptions', { state: process.env.PROBE_STATE ?? 'uncaught' });
if (process.env.PROBE_EXTRA === 'breakpoints-inactive') session.post('Debugger.setBreakpointsActive', { active: false });
if (process.env.PROBE_EXTRA === 'skip-all') session.post('Debugger.setSkipAllPauses', { skip: true });
