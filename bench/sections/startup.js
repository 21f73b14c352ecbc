// Workload 1: start-up of generated CommonJS and ESM apps and of a real heavy dependency graph,
// as whole-process wall time (the preload's own start-up included).
import { join } from 'node:path';
import { sampleVariants, project } from '../lib/measure.js';
import { generateCjsApp } from '../lib/generate-cjs-app.js';
import { generateEsmApp } from '../lib/generate-esm-app.js';

export function startupRows({ variants, runs, node, cacheDir, benchDir }) {
  const apps = [
    ['start-up: empty script', join(benchDir, 'workloads', 'empty.cjs')],
    ['start-up: 3,000-module CJS app', generateCjsApp(join(cacheDir, 'cjs-3000'))],
    ['start-up: 1,000-module ESM app', generateEsmApp(join(cacheDir, 'esm-1000'))],
    ['start-up: typescript + @aws-sdk/client-s3', join(benchDir, 'workloads', 'heavy-deps.cjs')],
  ];
  return apps.map(([label, script]) => {
    // Process CPU time (all threads, from GNU time) is the headline; wall time follows it.
    const samples = sampleVariants({ variants, runs, node, script, pick: (r) => ({ cpu: r.processCpuMs, wall: r.wallMs }) });
    return { label, unit: 'ms CPU', samples: project(samples, 'cpu'), wallSamples: project(samples, 'wall') };
  });
}
