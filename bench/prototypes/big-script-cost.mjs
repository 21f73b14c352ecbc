// Runs bench/workloads/heavy-deps.cjs (typescript + the AWS S3 client) under big-script-off.mjs's
// variants and the hook, interleaved, and prints each one's median CPU time against plain node.
// node bench/prototypes/big-script-cost.mjs [NODE] [RUNS] [SCRIPT]: SCRIPT defaults to that app;
// the bench's ES module app (../.cache/wipeout-bench/esm-1000/index.mjs) adds a variant that turns
// the debugger off after 300 scripts, the hook's budget.
import { fileURLToPath } from 'node:url';
import { interleave, median, runOnce } from '../lib/measure.js';

const node = process.argv[2] ?? process.execPath;
const runs = Number(process.argv[3] ?? 7);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const probe = ['--import', here('./big-script-off.mjs')];
const script = process.argv[4] ?? here('../workloads/heavy-deps.cjs');
const variants = {
  plain: { nodeArgs: [] },
  'on, then off at once (floor)': { nodeArgs: probe, env: { PROBE_OFF_AT_ONCE: '1' } },
  'on throughout': { nodeArgs: probe, env: { PROBE_BYTES: '0' } },
  'off after 300 kB compiled': { nodeArgs: probe, env: { PROBE_BYTES: '3e5' } },
  'off after 1 MB compiled': { nodeArgs: probe, env: { PROBE_BYTES: '1e6' } },
  'off after 300 scripts': { nodeArgs: probe, env: { PROBE_SCRIPTS: '300' } },
  'off after 150 scripts': { nodeArgs: probe, env: { PROBE_SCRIPTS: '150' } },
  hook: { nodeArgs: ['--import', here('../../dist/register/preload.js')] },
};
const samples = interleave(Object.keys(variants), runs, (name) => runOnce({ node, script, ...variants[name] }).processCpuMs);
const plain = median(samples.get('plain'));
for (const [name, cpu] of samples) console.log(`${name.padEnd(30)} ${median(cpu).toFixed(0).padStart(5)} ms CPU  ${(median(cpu) / plain).toFixed(2)}x`);
