import test from 'ava';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decodeDump, encodeDump, DumpDecodeError } from '../../dist/dump/index.js';
import { WIPEOUT_VERSION } from '../../dist/register/version.js';

const golden = readFileSync(new URL('../fixtures/dumps/crash-order.wipeout', import.meta.url));

test('a dump survives encode and decode unchanged', (t) => {
  const dump = decodeDump(golden);
  t.deepEqual(decodeDump(encodeDump(dump)), dump);
});

const refusals = [
  ['bytes that are not gzip', Buffer.from('{"format":"wipeout"}'), /is not a wipeout dump \(expected gzip-compressed JSON\)/],
  ['a truncated file', golden.subarray(0, golden.length - 40), /is a (truncated|corrupt) wipeout dump/],
  ['gzip of something else', gzipSync('hello'), /its content is not valid JSON/],
  ['JSON that is not a dump', gzipSync('{"a":1}'), /no "format": "wipeout" field/],
  ['a newer major version', gzipSync(JSON.stringify({ format: 'wipeout', version: '2.0' })), /version 2\.0 dump; this wipeout reads version 1\.x/],
  ['a dump missing its frames', gzipSync(JSON.stringify({ format: 'wipeout', version: '1.0' })), /damaged wipeout dump: "frames" must be an array/],
];

for (const [what, bytes, message] of refusals) {
  test(`the reader refuses ${what} with one clear message`, (t) => {
    const error = t.throws(() => decodeDump(bytes, 'x.wipeout'), { instanceOf: DumpDecodeError });
    t.regex(error.message, message);
    t.true(error.message.startsWith('x.wipeout '));
  });
}

test('the version written into dumps is the package version', (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  t.is(WIPEOUT_VERSION, pkg.version);
});
