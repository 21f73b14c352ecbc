// Workload 5: HTTP throughput and p99 latency of a node:http and an Express server under autocannon,
// one server process per variant and run, interleaved like every other workload.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import { readPort, serverCpuMs } from '../lib/server-process.js';

export async function httpRows({ variants, runs, node, benchDir, quick, repo }) {
  let autocannon;
  try {
    autocannon = (await import(join(repo, 'node_modules', 'autocannon', 'autocannon.js'))).default;
  } catch {
    return [{ label: 'HTTP (autocannon not installed)', unit: 'req/s', samples: {} }];
  }
  const duration = quick ? 2 : 10;
  const rows = [];
  for (const [name, file] of [['node:http', 'http-server.cjs'], ['Express 4', 'express-server.cjs']]) {
    const throughput = Object.fromEntries(variants.map((v) => [v.name, []]));
    const p99 = Object.fromEntries(variants.map((v) => [v.name, []]));
    // The server's own CPU per request is steadier than throughput when the load generator, the
    // server and other work share two cores.
    const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
    const active = variants.filter((v) => v.available);
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < active.length; k++) {
        const variant = active[(k + round) % active.length];
        const result = await loadOnce({ autocannon, node, variant, duration, script: join(benchDir, 'workloads', file) });
        throughput[variant.name].push(result?.requests ?? null);
        p99[variant.name].push(result?.p99 ?? null);
        cpu[variant.name].push(result?.cpuPerThousand ?? null);
      }
    }
    rows.push(
      { label: `HTTP ${name} requests/s, ${duration} s, 10 connections (higher is better)`, unit: 'req/s', samples: throughput },
      { label: `HTTP ${name} p99 latency`, unit: 'ms', samples: p99 },
      { label: `HTTP ${name} server CPU per 1,000 requests`, unit: 'ms CPU', samples: cpu },
    );
  }
  return rows;
}

async function loadOnce({ autocannon, node, variant, duration, script }) {
  const server = spawn(node, [...variant.nodeArgs, script], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await readPort(server);
    const cpuBefore = serverCpuMs(server.pid);
    const result = await autocannon({ url: `http://127.0.0.1:${port}/orders/42`, connections: 10, duration });
    if (result.errors || result.non2xx) return null;
    const cpuAfter = serverCpuMs(server.pid);
    const cpuPerThousand = cpuBefore == null || cpuAfter == null ? null : ((cpuAfter - cpuBefore) / result.requests.total) * 1000;
    return { requests: result.requests.average, p99: result.latency.p99, cpuPerThousand };
  } catch (error) {
    process.stderr.write(`  ${variant.name}: HTTP run dropped: ${error.message}\n`);
    return null;
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit').catch(() => {});
  }
}

