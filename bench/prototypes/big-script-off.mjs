// Issue 12: does turning the debugger off once a few big scripts have compiled save their cost?
// The debugger is on from the preload (pausing at every throw, as the hook at `all`); once the
// scripts compiled since then reach PROBE_BYTES characters it is turned off at the next safe point
// (at once on Node 20, at the next `require` or microtask on 22+, as register/safe-point.ts).
// PROBE_SCRIPTS=N counts scripts instead (the hook's budget is 300 a window). PROBE_BYTES=0 never
// turns it off; PROBE_OFF_AT_ONCE=1 turns it off right after enabling (the floor).
import diagnosticsChannel from 'node:diagnostics_channel';
import { Session } from 'node:inspector';

const byCount = process.env.PROBE_SCRIPTS !== undefined;
const limit = Number(process.env.PROBE_SCRIPTS ?? process.env.PROBE_BYTES ?? 1e6);
const major = Number(process.versions.node.split('.')[0]);
const session = new Session();
session.connect();
session.on('Debugger.paused', () => session.post('Debugger.resume'));
let off = false;
let replaying = true;
let bytes = 0;
const stop = () => {
  if (off) return;
  off = true;
  session.post('Debugger.disable');
};
session.on('Debugger.scriptParsed', ({ params }) => {
  // Turning it off during the enable's own replay aborts Node 20 (V8_Fatal in enableImpl).
  if (off || replaying || limit === 0 || !params.url) return;
  bytes += byCount ? 1 : params.length ?? 0;
  if (bytes < limit) return;
  if (major < 22) return stop();
  const channel = diagnosticsChannel.tracingChannel('module.require');
  const once = () => {
    channel.unsubscribe(handlers);
    stop();
  };
  const handlers = { start: once, end: once, asyncStart: once, asyncEnd: once, error: once };
  channel.subscribe(handlers);
  queueMicrotask(once);
});
session.post('Debugger.enable');
session.post('Debugger.setPauseOnExceptions', { state: 'all' });
replaying = false;
if (process.env.PROBE_OFF_AT_ONCE === '1') stop();
