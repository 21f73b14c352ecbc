// Runs one of the loop workloads' storms, then crashes in the next turn of the event loop (argv[4]
// 'next') or after argv[4] milliseconds: the bench reads from the dump whether the crash kept its
// locals and how often the hook stepped down (its pause levels, docs/capture.md).
'use strict';
const [, , storm, countText, waitText = 'next'] = process.argv;
const count = Number(countText);

function dive(depth) {
  if (depth === 0) throw new Error('expected');
  return dive(depth - 1) + 1;
}
function validate(depth, input) {
  if (depth === 0) throw new TypeError(`invalid input ${input.id}`);
  return validate(depth - 1, input) + 1;
}
async function failing(i) { throw new Error(`expected ${i}`); }
async function attempt(i) {
  try { await failing(i); return 0; } catch { return 1; }
}

function crashAfterStorm() {
  const order = { id: 7, storm };
  throw new Error(`crashed after a storm of ${order.storm}`);
}
const crashLater = () => (waitText === 'next' ? setImmediate(crashAfterStorm) : setTimeout(crashAfterStorm, Number(waitText)));

setTimeout(async () => {
  if (storm === 'throws-depth-20') for (let i = 0; i < count; i++) try { dive(19); } catch { /* handled */ }
  if (storm === 'throws-depth-200') for (let i = 0; i < count; i++) try { dive(199); } catch { /* handled */ }
  if (storm === 'rejections') for (let i = 0; i < count; i++) await attempt(i);
  if (storm === 'busy-300-per-second') {
    // A server's handled errors: one per timer callback, about 300 a second, 40 frames deep.
    let handled = 0;
    const busy = setInterval(() => { try { validate(40, { id: handled++ }); } catch { /* handled */ } }, 3);
    busy.unref();
    setTimeout(crashAfterStorm, count);
    return;
  }
  crashLater();
}, 100);
