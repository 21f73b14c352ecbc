// Runs child processes and times them. Every figure is a wall time measured here or a time the
// workload reports itself (its loop, without start-up), so start-up and steady state stay apart.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Runs `node [...nodeArgs] script ...args` once; returns wall ms, the workload's own `ms` if it
 * printed one, its exit status, and peak RSS (kB, from /usr/bin/time when present).
 */
export function runOnce({ node = process.execPath, nodeArgs = [], script, args = [], env = {}, timeoutMs = 120_000 }) {
  let command = node;
  let argv = [...nodeArgs, script, ...args];
  // GNU time reports the child's peak RSS and CPU time; its own start adds the same ~1 ms to
  // every variant.
  // `timeout` kills node itself at the deadline (killing /usr/bin/time would orphan it).
  if (existsSync('/usr/bin/time')) {
    argv = ['-f', 'BENCH_RUSAGE %M %U %S', 'timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000)), command, ...argv];
    command = '/usr/bin/time';
  }
  const start = process.hrtime.bigint();
  const child = spawnSync(command, argv, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs + 10_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let reported = {};
  const last = child.stdout?.trim().split('\n').pop();
  try { reported = JSON.parse(last) ?? {}; } catch { /* workloads without an inner timer */ }
  const usage = /BENCH_RUSAGE (\d+) ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  const peakRssKb = usage ? Number(usage[1]) : null;
  const processCpuMs = usage ? (Number(usage[2]) + Number(usage[3])) * 1000 : null;
  const timedOut = child.status === 137 || child.signal === 'SIGTERM';
  return { wallMs, timedOut, ms: reported.ms ?? null, cpuMs: reported.cpuMs ?? null, processCpuMs, peakRssKb, status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

export function median(values) {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every variant `runs` times, interleaved run by run (the order rotates each round) so that
 * background load on the shared machine falls on all variants alike. Returns samples per variant.
 */
export function interleave(variants, runs, runVariant, shouldRun = () => true) {
  const samples = new Map(variants.map((v) => [v, []]));
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(k + round) % variants.length];
      if (!shouldRun(variant, samples)) continue;
      samples.get(variant).push(runVariant(variant));
    }
  }
  return samples;
}

export function formatRatio(value, base) {
  if (value == null || base == null) return 'n/a';
  return `${(value / base).toFixed(2)}x`;
}

/**
 * Runs a workload under each available variant, interleaved, and returns samples by variant name:
 * `pick(result)` chooses the figure; a failed run (non-zero exit) is dropped and reported once.
 */
export function sampleVariants({ variants, runs, script, args = [], env = {}, node, pick = (r) => r.wallMs, expectStatus = 0, giveUpRatio = 10, timeoutMs = 120_000 }) {
  const active = variants.filter((v) => v.available);
  const timedOut = new Set();
  // A variant already `giveUpRatio` times slower than plain runs no more: more runs would not
  // change the verdict, and 100,000 paused rejections take minutes each.
  const shouldRun = (name, samples) => {
    const own = samples.get(name).map(primary);
    const plain = median((samples.get('plain') ?? []).map(primary));
    return name === 'plain' || own.length === 0 || plain == null || median(own) == null || median(own) < giveUpRatio * plain;
  };
  const samples = interleave(active.map((v) => v.name), runs, (name) => {
    const variant = active.find((v) => v.name === name);
    const result = runOnce({ node, nodeArgs: variant.nodeArgs, script, args, env, timeoutMs });
    if (result.timedOut) {
      // Killed at the timeout: its wall time is a lower bound (the table marks it with ≥); its CPU
      // time is unknown (GNU time sees the killed child as using none).
      timedOut.add(name);
      return pick({ ...result, ms: result.wallMs, cpuMs: null, processCpuMs: null });
    }
    if (result.status !== expectStatus) {
      process.stderr.write(`  ${name}: ${script} exited ${result.status ?? result.signal}, run dropped: ${result.stderr.trim().split('\n').slice(-1)[0] ?? ''}\n`);
      return null;
    }
    return pick(result);
  }, shouldRun);
  return Object.fromEntries(variants.map((v) => {
    const list = samples.get(v.name) ?? [];
    list.timedOut = timedOut.has(v.name);
    return [v.name, list];
  }));
}

/** The first figure of a sample: samples are numbers, or objects such as { cpu, wall }. */
function primary(sample) {
  return sample != null && typeof sample === 'object' ? Object.values(sample)[0] : sample;
}

/** From samples of objects, one figure per variant (keeping the timed-out mark). */
export function project(samplesByVariant, key) {
  return Object.fromEntries(Object.entries(samplesByVariant).map(([name, list]) => {
    const values = list.map((s) => (s == null ? null : s[key]));
    values.timedOut = list.timedOut;
    return [name, values];
  }));
}
