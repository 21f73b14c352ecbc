// 100,000 caught rejected awaits: what promise catch prediction costs per rejection.
'use strict';
const count = Number(process.argv[2] ?? 100_000);
async function failing(i) { throw new Error(`expected ${i}`); }
async function attempt(i) {
  try { await failing(i); return 0; } catch { return 1; }
}
// Start after start-up (see throw-loop.cjs).
setTimeout(async () => {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let caught = 0;
  for (let i = 0; i < count; i++) caught += await attempt(i);
  const ms = performance.now() - start;
  // CPU time of the whole process (worker threads included): steadier than wall time here.
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (caught !== count) process.exit(1);
  console.log(JSON.stringify({ ms, cpuMs }));
}, 100);
