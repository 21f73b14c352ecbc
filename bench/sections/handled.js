// Issue 16: Express with errors on 1% of requests, wipeout's error middleware present or absent,
// the hook preloaded both times (the middleware's own cost, not the hook's: the http section has
// that). Interleaved run by run; the table's "plain" column is the server without the middleware.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { decodeDump } from '../../dist/dump/index.js';
import { median } from '../lib/measure.js';
import { readPort, serverCpuMs } from '../lib/server-process.js';

export async function handledRows({ variants, runs, node, benchDir, quick, repo }) {
  let autocannon;
  try {
    autocannon = (await import(join(repo, 'node_modules', 'autocannon', 'autocannon.js'))).default;
  } catch {
    return [{ label: 'Express with 1% errors (autocannon not installed)', unit: 'req/s', samples: {} }];
  }
  const hook = variants.find((v) => v.name === 'wipeout');
  if (!hook?.available) return [{ label: `Express with 1% errors (${hook?.why ?? 'no hook'})`, unit: 'req/s', samples: {} }];
  const duration = quick ? 3 : 10;
  const rounds = quick ? 3 : runs;
  // Dumps go to a scratch folder: one per server run (one fingerprint, one window).
  const dumps = mkdtempSync(join(tmpdir(), 'wipeout-bench-handled-'));
  const kinds = { plain: '0', wipeout: '1' };
  const throughput = { plain: [], wipeout: [] };
  const p99 = { plain: [], wipeout: [] };
  const cpu = { plain: [], wipeout: [] };
  const dumpMs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 ? ['wipeout', 'plain'] : ['plain', 'wipeout']) {
        const dir = mkdtempSync(join(dumps, 'run-'));
        const env = { ...process.env, WITH_WIPEOUT: kinds[name], WIPEOUT_FILE: join(dir, '{id}.wipeout') };
        const result = await loadOnce({ autocannon, node, nodeArgs: hook.nodeArgs, env, dir, duration, script: join(benchDir, 'workloads', 'express-errors.mjs') });
        throughput[name].push(result?.requests ?? null);
        p99[name].push(result?.p99 ?? null);
        cpu[name].push(result?.cpuPerThousand ?? null);
        if (result?.dumpMs != null) dumpMs.push(result.dumpMs);
      }
    }
  } finally {
    rmSync(dumps, { recursive: true, force: true });
  }
  const what = 'Express, errors on 1% of requests, hook preloaded: with wipeout/express vs without';
  return [
    { label: `${what}: requests/s, ${duration} s, 10 connections (higher is better; target ≥ 0.95x)`, unit: 'req/s', samples: throughput },
    { label: `${what}: p99 latency (target ≤ 1.05x)`, unit: 'ms', samples: p99 },
    { label: `${what}: server CPU per 1,000 requests`, unit: 'ms CPU', samples: cpu },
    {
      label: 'wipeout/express: the one dump per fingerprint per window, capture time (the event loop waits this long, after the response)',
      cells: { plain: '–', wipeout: dumpMs.length > 0 ? `${median(dumpMs).toFixed(0)} ms (${Math.min(...dumpMs).toFixed(0)}–${Math.max(...dumpMs).toFixed(0)})` : 'n/a', sentry: '–' },
    },
  ];
}

async function loadOnce({ autocannon, node, nodeArgs, env, dir, duration, script }) {
  const server = spawn(node, [...nodeArgs, script], { stdio: ['ignore', 'pipe', 'ignore'], env });
  try {
    const port = await readPort(server);
    // Warm-up, which also makes the first error's one dump: the measured part is the steady state
    // within the window (every error fingerprinted, counted, skipped); the write's own pause of
    // the event loop is reported apart (dumpMs), since it comes once an hour, not once in 3 s.
    await autocannon({ url: `http://127.0.0.1:${port}/orders/42`, connections: 10, amount: 500 });
    const dumpMs = env.WITH_WIPEOUT === '1' ? await writtenDumpMs(dir) : null;
    const cpuBefore = serverCpuMs(server.pid);
    const result = await autocannon({ url: `http://127.0.0.1:${port}/orders/42`, connections: 10, duration });
    // One in a hundred is a 500 on purpose; anything else is a broken run.
    if (result.errors || result.non2xx > result.requests.total / 50) return null;
    const cpuAfter = serverCpuMs(server.pid);
    const cpuPerThousand = cpuBefore == null || cpuAfter == null ? null : ((cpuAfter - cpuBefore) / result.requests.total) * 1000;
    return { requests: result.requests.average, p99: result.latency.p99, cpuPerThousand, dumpMs };
  } catch (error) {
    process.stderr.write(`  handled: run dropped: ${error.message}\n`);
    return null;
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit').catch(() => {});
  }
}

/** Waits for the warm-up's dump and returns its capture.durationMs, or null after 10 s. */
async function writtenDumpMs(dir) {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const name = readdirSync(dir).find((file) => file.endsWith('.wipeout'));
    if (name) {
      await delay(100);
      return decodeDump(readFileSync(join(dir, name)), name).capture.durationMs;
    }
    await delay(50);
  }
  return null;
}

