// Throws and catches for argv[2] seconds in 10 ms slices (timers and the hook's own budget get to
// run between slices, as in a real server) and reports RSS after the first second and at the end.
'use strict';
const seconds = Number(process.argv[2] ?? 60);
function dive(depth) {
  if (depth === 0) throw new Error('expected');
  return dive(depth - 1) + 1;
}
const start = performance.now();
let rssStartMb = null;
let throws = 0;
function slice() {
  const sliceEnd = performance.now() + 10;
  while (performance.now() < sliceEnd) {
    try { dive(19); } catch { throws++; }
  }
  const elapsed = performance.now() - start;
  if (rssStartMb === null && elapsed >= 1000) rssStartMb = process.memoryUsage().rss / 1048576;
  if (elapsed < seconds * 1000) return setImmediate(slice);
  console.log(JSON.stringify({ rssStartMb, rssEndMb: process.memoryUsage().rss / 1048576, throws }));
}
slice();
