// 1,000,000 awaits of an async function that returns at once, with no throw anywhere: what an
// enabled debugger costs async code in steady state (V8 tracks every await while one is active).
'use strict';
const count = Number(process.argv[2] ?? 1_000_000);
async function step(i) { return i; }
// Start after start-up (see throw-loop.cjs).
setTimeout(async () => {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let total = 0;
  for (let i = 0; i < count; i++) total += await step(i);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (total !== (count * (count - 1)) / 2) process.exit(1);
  console.log(JSON.stringify({ ms, cpuMs }));
}, 100);
