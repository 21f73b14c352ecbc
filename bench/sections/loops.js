// Workloads 2-4: throw-heavy, async-rejection-heavy and CPU-bound loops, timed inside the process
// (the loop alone) so start-up does not dilute the per-throw cost.
import { join } from 'node:path';
import { sampleVariants, project } from '../lib/measure.js';

export function loopRows({ variants, runs, node, benchDir, quick }) {
  const loops = [
    ['throw/catch x200,000 at depth 20', 'throw-loop.cjs', quick ? '30000' : '200000', '20'],
    ['throw/catch x20,000 at depth 200', 'throw-loop.cjs', quick ? '3000' : '20000', '200'],
    ['caught rejected await x100,000', 'async-rejections.cjs', quick ? '5000' : '100000'],
    ['await x1,000,000 (no throws)', 'await-loop.cjs', quick ? '200000' : '1000000'],
    ['CPU loop', 'cpu-loop.cjs', quick ? '5000000' : '20000000'],
  ];
  return loops.map(([label, file, count, depth]) => {
    // CPU time is the headline: on a shared machine wall time varies far more between runs.
    const samples = sampleVariants({
      variants, runs, node, script: join(benchDir, 'workloads', file), args: depth ? [count, depth] : [count],
      timeoutMs: quick ? 10_000 : 20_000,
      pick: (r) => ({ cpu: r.cpuMs, wall: r.ms }),
    });
    return {
      label: quick ? label.replace(/x[\d,]+/, `x${Number(count).toLocaleString('en')}`) : label,
      unit: 'ms CPU',
      samples: project(samples, 'cpu'),
      wallSamples: project(samples, 'wall'),
    };
  });
}
