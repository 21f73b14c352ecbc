// Issue 13: what the pause handler's shallow copy of the top frames' objects costs per throw
// (register/state-at-throw.ts), the function alone, at its caps and for one small object.
//   npm run build && node bench/prototypes/state-at-throw-cost.mjs
import { recordStateAtThrow } from '../../dist/register/state-at-throw.js';
const obj = () => Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, i % 2 ? `v${i}` : { i }]));
const locals = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`o${i}`, obj()]));
const frames = [{ scopes: [{ type: 'local', object: locals }], hasThis: true, this: obj() }, { scopes: [{ type: 'local', object: { a: [1, 2, 3], m: new Map([[1, 2]]) } }], hasThis: false }];
const small = [{ scopes: [{ type: 'local', object: { order: { id: 1, status: 'x', items: [] }, n: 3 } }], hasThis: false }];
for (const [label, f] of [['16 objects x 32 props offered, read up to the caps', frames], ['one small object', small]]) {
  for (let i = 0; i < 2000; i++) recordStateAtThrow(f);
  const n = 20000; const t0 = performance.now();
  for (let i = 0; i < n; i++) recordStateAtThrow(f);
  console.log(label, ((performance.now() - t0) * 1000 / n).toFixed(1), 'µs per throw');
}
