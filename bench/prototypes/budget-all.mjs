// First-chance capture with a budget: pause on every throw ('all') until the pauses of the current
// 1 s window cost more than PROBE_BUDGET_MS, then fall back to PROBE_FALLBACK (uncaught | none)
// until the window ends. A pause's cost is its handler time plus PROBE_PAUSE_COST_MS for V8's own
// work before the handler (building call frames), which the handler cannot see.
import { Session } from 'node:inspector';
import { reportPause } from './report-pause.mjs';

const budgetMs = Number(process.env.PROBE_BUDGET_MS ?? 20);
const pauseCostMs = Number(process.env.PROBE_PAUSE_COST_MS ?? 0.5);
const fallback = process.env.PROBE_FALLBACK ?? 'uncaught';
const windowMs = 1000;
let windowStart = performance.now();
let spentMs = 0;

const session = new Session();
session.connect();
session.on('Debugger.paused', (message) => {
  const start = performance.now();
  reportPause(message);
  if (start - windowStart > windowMs) { windowStart = start; spentMs = 0; }
  session.post('Debugger.resume');
  spentMs += performance.now() - start + pauseCostMs;
  if (spentMs > budgetMs) {
    session.post('Debugger.setPauseOnExceptions', { state: fallback });
    // With no pauses in fallback mode nothing else would notice the window ending: one unref'd
    // timer per exhausted window (a sync throw storm keeps it from firing until the loop ends).
    setTimeout(() => {
      windowStart = performance.now();
      spentMs = 0;
      session.post('Debugger.setPauseOnExceptions', { state: 'all' });
    }, windowMs - (performance.now() - windowStart)).unref();
  }
});
session.post('Debugger.enable');
session.post('Debugger.setPauseOnExceptions', { state: 'all' });
