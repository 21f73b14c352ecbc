// Workload 6: capture latency. Each crash fixture runs plain and with the hook; the hook's extra
// wall time at the crash (its start-up cost, measured without a crash, subtracted) covers pause,
// capture and the dump made durable. The dump's own capture.durationMs and
// its size are read back with decodeDump.
import { mkdtempSync, readFileSync, statSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runOnce, median, sampleVariants } from '../lib/measure.js';

export async function captureRows({ variants, runs, node, benchDir, repo }) {
  const dumpModule = join(repo, 'dist', 'dump', 'index.js');
  const decodeDump = existsSync(dumpModule) ? (await import(dumpModule)).decodeDump : null;
  const baseline = measureBaseline({ variants, runs, node, script: join(benchDir, 'fixtures', 'no-crash.cjs') });
  const rows = [];
  for (const [label, file] of [['capture: typical stack', 'crash-typical.cjs'], ['capture: big locals', 'crash-big-locals.cjs']]) {
    rows.push(measureCrash({ label, script: join(benchDir, 'fixtures', file), variants, runs, node, decodeDump, baseline }));
  }
  return rows;
}

/** Median wall time of a run without a crash, per variant: the hook's own start-up and exit. */
function measureBaseline({ variants, runs, node, script }) {
  const samples = sampleVariants({ variants, runs, node, script });
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)]));
}

function measureCrash({ label, script, variants, runs, node, decodeDump, baseline }) {
  const dir = mkdtempSync(join(tmpdir(), 'wipeout-bench-'));
  const wall = Object.fromEntries(variants.map((v) => [v.name, []]));
  const captureMs = [];
  const sizes = [];
  const active = variants.filter((v) => v.available);
  try {
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < active.length; k++) {
        const variant = active[(k + round) % active.length];
        const file = join(dir, `${variant.name}-${round}.wipeout`);
        const result = runOnce({ node, nodeArgs: variant.nodeArgs, script, env: { WIPEOUT_FILE: file } });
        // A crash exits 1; anything else means the hook changed the outcome.
        if (result.status !== 1) {
          process.stderr.write(`  ${variant.name}: ${label} exited ${result.status ?? result.signal}, expected 1\n`);
          continue;
        }
        wall[variant.name].push(result.wallMs);
        if (variant.name !== 'wipeout') continue;
        if (!existsSync(file)) { process.stderr.write(`  wipeout: ${label}: no dump at ${file}\n`); continue; }
        sizes.push(statSync(file).size);
        try { captureMs.push(decodeDump?.(readFileSync(file))?.capture?.durationMs ?? null); } catch (error) {
          process.stderr.write(`  wipeout: ${label}: the dump does not decode: ${error.message}\n`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const plain = median(wall.plain);
  // The crash's extra wall time beyond each hook's own start-up and exit (the no-crash baseline).
  const extra = (name) => {
    if (!wall[name].length || plain == null || baseline[name] == null) return 'n/a';
    const value = median(wall[name]) - baseline[name] - (plain - baseline.plain);
    // Below zero is run-to-run noise of the three process times in the difference.
    return value < 0 ? '≈0 ms wall (noise)' : `+${value.toFixed(0)} ms wall`;
  };
  const capture = median(captureMs);
  const size = median(sizes);
  return {
    label,
    cells: {
      plain: plain == null ? 'n/a' : `${plain.toFixed(0)} ms (crash)`,
      wipeout: wall.wipeout.length
        ? `${extra('wipeout')}, capture ${capture == null ? 'n/a' : `${capture.toFixed(0)} ms`}, dump ${size == null ? 'n/a' : formatBytes(size)}`
        : 'n/a',
      sentry: `${extra('sentry')} (no dump)`,
    },
  };
}

export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(0)} kB`;
}
