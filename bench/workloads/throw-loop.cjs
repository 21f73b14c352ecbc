// 200,000 throw/catch at stack depth 20 (argv[3] sets the depth): what catch prediction costs per throw.
'use strict';
const count = Number(process.argv[2] ?? 200_000);
const depth = Number(process.argv[3] ?? 20);
function dive(depth) {
  if (depth === 0) throw new Error('expected');
  return dive(depth - 1) + 1;
}
// Start after start-up, as a server would: a hook that enables the debugger after the first tick
// is then measured in its steady state.
setTimeout(run, 100);
function run() {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let caught = 0;
  for (let i = 0; i < count; i++) {
    try { dive(depth - 1); } catch { caught++; }
  }
  const ms = performance.now() - start;
  // CPU time of the whole process (worker threads included): steadier than wall time on a busy machine.
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (caught !== count) process.exit(1);
  console.log(JSON.stringify({ ms, cpuMs }));
}
