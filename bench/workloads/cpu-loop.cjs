// A CPU-bound loop with no throws: the inspector should cost nothing here.
'use strict';
const rounds = Number(process.argv[2] ?? 20_000_000);
// Start after start-up (see throw-loop.cjs).
setTimeout(run, 100);
function run() {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let h = 2166136261;
  for (let i = 0; i < rounds; i++) {
    const s = `k${i % 1000}`;
    for (let j = 0; j < s.length; j++) h = Math.imul(h ^ s.charCodeAt(j), 16777619);
    h ^= Math.sqrt(i) | 0;
  }
  const ms = performance.now() - start;
  // CPU time of the whole process (worker threads included): steadier than wall time on a busy machine.
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ ms, cpuMs, h }));
}
