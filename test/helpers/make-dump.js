// Builds valid `Dump` objects (dump/types.ts) for tests, without running the capture hook.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDump } from '../../dist/dump/index.js';
import { tempDir } from './temp-dir.js';

export const ref = (index) => ({ t: 'ref', ref: index });
export const undef = { t: 'undefined' };
export const prop = (name, value, extra = {}) => ({ name, value, ...extra });
export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** A minimal valid dump; `overrides` replace top-level fields. */
export function makeDump(overrides = {}) {
  return {
    format: 'wipeout',
    version: '1.0',
    id: 'test0000',
    time: '2026-11-25T10:00:00.000Z',
    reason: 'uncaughtException',
    error: { t: 'undefined' },
    errorSummary: { name: 'Error', message: 'boom', causes: [] },
    process: {
      argv: ['/usr/bin/node', '/app/app.js'],
      execArgv: [],
      cwd: '/app',
      pid: 4242,
      ppid: 1,
      title: 'node',
      versions: { node: '20.20.2', v8: '11.3' },
      platform: 'linux',
      arch: 'x64',
      hostname: 'testhost',
      uptime: 1.5,
      memory: { rss: 1, heapTotal: 1, heapUsed: 1, external: 1, arrayBuffers: 1 },
      env: {},
    },
    thread: { id: 0, name: 'main', isMain: true },
    frames: [],
    objects: [],
    sources: [],
    limits: { depth: 8, properties: 100, items: 100, stringLength: 8192, totalBytes: 1e8, captureTime: 1000, frames: 50 },
    capture: { writer: 'test', durationMs: 1, redaction: true, method: 'pause', problems: [] },
    ...overrides,
  };
}

const ORDER_TS = `export class Order {
  id = 42;
  items: Item[] = [];
  taxRate = 0.2;

  total(): number {
    let sum = 0;
    for (const item of this.items) {
      sum += item.price * item.qty;
    }
    const missing = null as any;
    return sum + missing.tax;
  }
}
`;
const ORDER_JS = `export class Order {
    constructor() { this.id = 42; this.items = []; this.taxRate = 0.2; }
    total() {
        let sum = 0;
        for (const item of this.items) {
            sum += item.price * item.qty;
        }
        const missing = null;
        return sum + missing.tax;
    }
}
//# sourceMappingURL=order.js.map
`;
const APP_JS = `import { Order } from './dist/order.js';
function checkout(order) {
  const count = order.items.length;
  const tags = new Map([['a', 1], ['b', 2]]);
  return order.total();
}
checkout(new Order());
`;

/**
 * A crash in `Order.total` (TypeScript, mapped) called from `checkout` in app.js, with a cause
 * chain, a cycle, a shared reference, redacted and truncated values, and most value kinds.
 */
export function sampleDump() {
  const objects = [];
  const add = (node) => objects.push(node) - 1;
  const itemA = add({ kind: 'object', className: 'Item', props: [prop('price', 10), prop('qty', 1)] });
  const itemB = add({ kind: 'object', className: 'Item', props: [prop('price', 5), prop('qty', 3)] });
  const itemC = add({ kind: 'object', className: 'Item', props: [prop('price', 2), prop('qty', 4)] });
  const items = add({ kind: 'array', className: 'Array', props: [], length: 3, items: [[0, ref(itemA)], [1, ref(itemB)], [2, ref(itemC)]] });
  const customer = add({ kind: 'object', className: 'Object', props: [prop('name', 'Ada'), prop('password', { t: 'redacted', type: 'string', length: 12 })] });
  const order = add({ kind: 'object', className: 'Order', props: [prop('id', 42), prop('items', ref(items)), prop('taxRate', 0.2), prop('customer', ref(customer))] });
  objects[order].props.push(prop('self', ref(order)));
  const tags = add({ kind: 'map', className: 'Map', props: [], size: 2, entries: [['a', 1], ['b', 2]] });
  const seen = add({ kind: 'set', className: 'Set', props: [], size: 2, values: [ref(itemA), 'x'] });
  const when = add({ kind: 'date', className: 'Date', props: [], time: Date.UTC(2026, 10, 25, 10) });
  const re = add({ kind: 'regexp', className: 'RegExp', props: [], source: 'ab+c', flags: 'gi' });
  const buf = add({ kind: 'bytes', className: 'Buffer', props: [], length: 5, byteLength: 5, base64: Buffer.from('hello').toString('base64') });
  const u16 = add({ kind: 'bytes', className: 'Uint16Array', props: [], length: 3, byteLength: 6, elements: [1, 2, 65535] });
  const fn = add({
    kind: 'function', className: 'Function', props: [], name: 'discount', flavor: 'arrow',
    location: { url: 'file:///app/app.js', file: '/app/app.js', line: 9, column: 18 }, sourceText: '(o) => o.id * 2',
  });
  const big = add({ kind: 'array', className: 'Array', props: [], length: 1_000_000, items: [[0, 0], [1, 1], [2, 2]], itemsTruncated: { limit: 'items', omitted: 999_997 } });
  const sparse = add({ kind: 'array', className: 'Array', props: [], length: 5, items: [[0, 'a'], [4, 'e']] });
  const getter = add({ kind: 'function', className: 'Function', props: [], name: 'get total', flavor: 'function' });
  const withGetter = add({ kind: 'object', className: 'Cart', props: [prop('n', 1), { name: 'total', get: ref(getter) }] });
  const root = add({ kind: 'error', className: 'Error', props: [], name: 'Error', message: 'disk on fire', stack: 'Error: disk on fire\n    at read (/app/db.js:1:1)' });
  const mid = add({ kind: 'error', className: 'RangeError', props: [], name: 'RangeError', message: 'quantity out of range', cause: ref(root) });
  const top = add({
    kind: 'error', className: 'TypeError', props: [prop('code', 'E_TAX')], name: 'TypeError',
    message: "Cannot read properties of null (reading 'tax')",
    stack: "TypeError: Cannot read properties of null (reading 'tax')\n    at Order.total (/app/dist/order.js:9:30)\n    at checkout (/app/app.js:5:16)",
    cause: ref(mid),
  });
  const sources = [
    { url: 'file:///app/dist/order.js', file: '/app/dist/order.js', role: 'generated', text: ORDER_JS, sha256: sha256(ORDER_JS) },
    { url: 'src/order.ts', file: '/app/src/order.ts', role: 'original', text: ORDER_TS, sha256: sha256(ORDER_TS) },
    { url: 'file:///app/app.js', file: '/app/app.js', role: 'generated', text: APP_JS, sha256: sha256(APP_JS) },
  ];
  const frames = [
    {
      functionName: 'total', className: 'Order', url: 'file:///app/dist/order.js', file: '/app/dist/order.js', line: 9, column: 30,
      kind: 'user', source: 0, original: { file: '/app/src/order.ts', line: 12, column: 24, source: 1 },
      scopes: [
        { type: 'block', variables: [prop('missing', null)] },
        { type: 'local', variables: [prop('sum', 28), prop('items', ref(items))] },
        { type: 'closure', name: 'outer', variables: [prop('taxRate', 0.25), prop('sum', 'shadowed')] },
      ],
      this: ref(order),
      params: [],
    },
    {
      functionName: 'checkout', url: 'file:///app/app.js', file: '/app/app.js', line: 5, column: 16, kind: 'user', source: 2,
      scopes: [{
        type: 'local',
        variables: [
          prop('order', ref(order)), prop('count', 3), prop('tags', ref(tags)), prop('seen', ref(seen)), prop('when', ref(when)),
          prop('re', ref(re)), prop('buf', ref(buf)), prop('u16', ref(u16)), prop('discount', ref(fn)), prop('big', ref(big)),
          prop('sparse', ref(sparse)), prop('cart', ref(withGetter)), prop('huge', { t: 'bigint', v: '123456789012345678901234567890' }),
          prop('nan', { t: 'number', v: 'NaN' }), prop('negZero', { t: 'number', v: '-0' }), prop('sym', { t: 'symbol', description: 'tag' }),
          prop('long', { t: 'string', v: 'abcdef', length: 1_000_000 }), prop('deep', { t: 'cut', why: { limit: 'depth' }, className: 'Node' }),
          prop('nothing', { t: 'undefined' }), prop('secret', { t: 'redacted', type: 'string', length: 12 }),
        ],
      }],
      this: { t: 'undefined' },
      params: ['order'],
    },
    { functionName: 'processTicksAndRejections', url: 'node:internal/process/task_queues', file: 'node:internal/process/task_queues', line: 95, column: 5, kind: 'node', scopes: [] },
    { functionName: 'main', url: 'file:///app/app.js', file: '/app/app.js', line: 7, column: 1, kind: 'user', async: true, source: 2, scopes: [] },
  ];
  return makeDump({
    error: ref(top),
    errorSummary: {
      name: 'TypeError',
      message: "Cannot read properties of null (reading 'tax')",
      stack: objects[top].stack,
      causes: [{ name: 'RangeError', message: 'quantity out of range' }, { name: 'Error', message: 'disk on fire' }],
    },
    frames,
    objects,
    sources,
  });
}

/** Writes a dump to a `.wipeout` file in a fresh temp directory (or `dir`) and returns its path. */
export function writeDump(dump, { dir = tempDir('wipeout-test-'), name = 'crash.wipeout' } = {}) {
  const path = join(dir, name);
  writeFileSync(path, encodeDump(dump));
  return path;
}
