// Variant 4 with a harder fallback: when the pause budget of the window is spent, Debugger.disable
// (an enabled Debugger costs every throw a stack walk even with state 'none'), and enable again
// after a back-off that doubles while storms continue (re-enabling replays scriptParsed for every
// loaded script, ~30 µs each). Crashes during the back-off are not seen at all.
// The first enable may be deferred as in deferred-enable.mjs.
import { Session } from 'node:inspector';
import { reportPause } from './report-pause.mjs';

const budgetMs = Number(process.env.PROBE_BUDGET_MS ?? 20);
const pauseCostMs = Number(process.env.PROBE_PAUSE_COST_MS ?? 0.5);
const windowMs = 1000;
let windowStart = performance.now();
let spentMs = 0;
let backOffMs = windowMs;
let enabled = false;

const session = new Session();
session.connect();
session.on('Debugger.paused', (message) => {
  const start = performance.now();
  reportPause(message);
  if (start - windowStart > windowMs) { windowStart = start; spentMs = 0; }
  session.post('Debugger.resume');
  spentMs += performance.now() - start + pauseCostMs;
  if (spentMs > budgetMs && enabled) {
    enabled = false;
    session.post('Debugger.disable');
    setTimeout(enable, backOffMs).unref();
    backOffMs = Math.min(backOffMs * 2, 60_000);
  }
});
// PROBE_DEFER=1: the first enable waits for the main module's first run (see deferred-enable.mjs).
if (process.env.PROBE_DEFER === '1') setImmediate(enable);
else enable();

function enable() {
  enabled = true;
  windowStart = performance.now();
  spentMs = 0;
  session.post('Debugger.enable');
  session.post('Debugger.setPauseOnExceptions', { state: 'all' });
}
