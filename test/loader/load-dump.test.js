import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { loadDump } from '../../dist/loader/index.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

test('a dump file is loaded from a path and from a file URL', async (t) => {
  const path = writeDump(sampleDump());
  t.is((await loadDump(path)).frames.length, 4);
  t.is((await loadDump(`file://${path}`)).exception.name, 'TypeError');
  // URL schemes are case-insensitive; the loader reads paths as the file driver does.
  t.is((await loadDump(`FILE://${path}`)).exception.name, 'TypeError');
});

test('a missing file is refused with one clear message', async (t) => {
  await t.throwsAsync(loadDump('/nonexistent/crash.wipeout'), { message: 'Cannot read /nonexistent/crash.wipeout: no such file' });
});

test('a file that is not a dump is refused', async (t) => {
  const path = writeDump(sampleDump());
  writeFileSync(path, 'hello');
  await t.throwsAsync(loadDump(path), { name: 'DumpDecodeError', message: /is not a wipeout dump/ });
});

test('a dump from a newer major version is refused', async (t) => {
  const path = writeDump(sampleDump());
  writeFileSync(path, gzipSync(JSON.stringify({ ...sampleDump(), version: '2.0' })));
  await t.throwsAsync(loadDump(path), { message: /upgrade wipeout/ });
});

test('with localSources, a source whose local file matches its hash is offered as a local path', async (t) => {
  const dump = sampleDump();
  const dir = writeDump(dump).replace(/crash\.wipeout$/, '');
  const file = `${dir}app.js`;
  writeFileSync(file, dump.sources[2].text);
  dump.sources[2] = { ...dump.sources[2], file, text: undefined };
  const changed = `${dir}changed.js`;
  writeFileSync(changed, 'changed since');
  dump.sources[0] = { ...dump.sources[0], file: changed, text: undefined };
  const model = await loadDump(writeDump(dump, { dir }), { localSources: true });
  t.is(model.source(3).origin, 'local');
  t.is(model.source(3).localPath, file);
  t.regex(model.sourceText(3), /function checkout/);
  t.is(model.source(1).origin, 'missing');
  t.is(model.sourceText(1), undefined);
  t.regex(model.source(1).missing, /no longer matches/);
});

test.serial('a URL is read with WIPEOUT_STORAGE_OPTIONS when no options are given, as the DAP adapter does', async (t) => {
  process.env.WIPEOUT_STORAGE_OPTIONS = '{"password":"hunter2"';
  t.teardown(() => delete process.env.WIPEOUT_STORAGE_OPTIONS);
  const error = await t.throwsAsync(loadDump('http://127.0.0.1:1/x.wipeout'), { name: 'LoadError' });
  t.is(error.message, 'Expected WIPEOUT_STORAGE_OPTIONS to be a JSON object, got text that is not valid JSON');
});
