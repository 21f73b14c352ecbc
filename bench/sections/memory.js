// Workload 8: memory. Peak RSS (GNU time) at start-up and after 100,000 caught throws, and RSS
// after the first second vs at the end of a sustained throw loop, which shows growth over time.
import { join } from 'node:path';
import { runOnce, sampleVariants, median } from '../lib/measure.js';
import { generateCjsApp } from '../lib/generate-cjs-app.js';

export function memoryRows({ variants, runs, node, benchDir, cacheDir, quick }) {
  const peakRows = [
    ['peak RSS: start-up 3,000 CJS', generateCjsApp(join(cacheDir, 'cjs-3000')), []],
    ['peak RSS: 100,000 caught throws', join(benchDir, 'workloads', 'throw-loop.cjs'), ['100000']],
  ].map(([label, script, args]) => {
    const samples = sampleVariants({ variants, runs, node, script, args, pick: (r) => r.peakRssKb / 1024 });
    return { label, cells: mbCells(variants, samples) };
  });
  const seconds = quick ? 3 : 60;
  const sustained = { label: `RSS after 1 s → after ${seconds} s of throwing`, cells: {} };
  // One run per variant: this row is about growth within a run, and 60 s each is already long.
  for (const variant of variants) {
    if (!variant.available) { sustained.cells[variant.name] = 'n/a'; continue; }
    const result = runOnce({ node, nodeArgs: variant.nodeArgs, script: join(benchDir, 'workloads', 'throw-sustained.cjs'), args: [String(seconds)], timeoutMs: (seconds + 60) * 1000 });
    let parsed = null;
    try { parsed = JSON.parse(result.stdout.trim().split('\n').pop()); } catch { /* reported as n/a */ }
    sustained.cells[variant.name] = parsed && result.status === 0
      ? `${parsed.rssStartMb.toFixed(0)} → ${parsed.rssEndMb.toFixed(0)} MB (${(parsed.throws / 1e6).toFixed(1)} M throws)`
      : `n/a (exit ${result.status})`;
  }
  return [...peakRows, sustained];
}

function mbCells(variants, samples) {
  const plain = median(samples.plain ?? []);
  return Object.fromEntries(variants.map((v) => {
    const m = median(samples[v.name] ?? []);
    if (m == null) return [v.name, 'n/a'];
    if (v.name === 'plain') return [v.name, `${m.toFixed(0)} MB`];
    return [v.name, `${m >= plain ? '+' : ''}${(m - plain).toFixed(0)} MB`];
  }));
}
