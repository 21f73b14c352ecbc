// Makes a big dump for the loading benchmark: a real dump written by the hook, grown with a local
// `orders` array of plain objects until its JSON reaches `targetBytes`. Going through the hook
// keeps every other field real; growing it keeps the size independent of capture limits.
import { readFileSync, writeFileSync } from 'node:fs';

/** Reads `smallDump`, writes the grown dump to `out`; returns { jsonBytes, fileBytes }. */
export function growDump({ decodeDump, encodeDump, smallDump, out, targetBytes = 50 * 1024 * 1024 }) {
  const dump = decodeDump(readFileSync(smallDump));
  const frame = dump.frames.find((f) => f.scopes?.length) ?? dump.frames[0];
  const arrayIndex = dump.objects.length;
  const array = { kind: 'array', className: 'Array', props: [], length: 0, items: [] };
  dump.objects.push(array);
  frame.scopes[0].variables.push({ name: 'orders', value: { t: 'ref', ref: arrayIndex } });
  // Each order is ~200 bytes of JSON; estimate the count instead of re-serialising while growing.
  const count = Math.ceil(targetBytes / 200);
  for (let i = 0; i < count; i++) {
    const ref = dump.objects.length;
    dump.objects.push({
      kind: 'object',
      className: 'Order',
      props: [
        { name: 'id', value: i },
        { name: 'customer', value: `customer-${i % 9973}@example.com` },
        { name: 'total', value: (i * 37) % 10007 / 100 },
        { name: 'status', value: i % 3 ? 'paid' : 'open' },
      ],
    });
    array.items.push([i, { t: 'ref', ref }]);
  }
  array.length = count;
  const bytes = encodeDump(dump);
  writeFileSync(out, bytes);
  return { jsonBytes: JSON.stringify(dump).length, fileBytes: bytes.length };
}
