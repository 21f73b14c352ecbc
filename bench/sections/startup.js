// Workload 1: start-up of generated CommonJS and ESM apps and of a real heavy dependency graph,
// as whole-process wall time (the preload's own start-up included).
import { join } from 'node:path';
import { sampleVariants } from '../lib/measure.js';
import { generateCjsApp } from '../lib/generate-cjs-app.js';
import { generateEsmApp } from '../lib/generate-esm-app.js';

export function startupRows({ variants, runs, node, cacheDir, benchDir }) {
  const apps = [
    ['start-up: 3,000-module CJS app', generateCjsApp(join(cacheDir, 'cjs-3000'))],
    ['start-up: 1,000-module ESM app', generateEsmApp(join(cacheDir, 'esm-1000'))],
    ['start-up: typescript + @aws-sdk/client-s3', join(benchDir, 'workloads', 'heavy-deps.cjs')],
  ];
  return apps.map(([label, script]) => ({
    label,
    unit: 'ms',
    samples: sampleVariants({ variants, runs, node, script }),
  }));
}
