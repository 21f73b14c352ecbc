// docs/editors.md promises exact snippets: its JSON parses and passes the extension's checks, and
// the server line it shows is the one the server prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import test from 'ava';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { startServer } from '../helpers/dap-server.js';

const require = createRequire(import.meta.url);
const { checkConfiguration, resolveConfiguration } = require('../../editors/vscode/src/resolve-configuration.js');
const doc = readFileSync(new URL('../../docs/editors.md', import.meta.url), 'utf8');
const blocks = (language) => [...doc.matchAll(new RegExp('```' + language + '\\n([^]*?)```', 'g'))].map((m) => m[1].replace(/^ {3}/gm, ''));

test('every JSON snippet parses', (t) => {
  const json = blocks('json');
  t.true(json.length >= 2);
  for (const block of json) t.notThrows(() => JSON.parse(block), block);
});

test('every launch.json configuration passes the extension’s checks', (t) => {
  const [launch] = blocks('json').map((block) => JSON.parse(block)).filter((value) => value.configurations);
  t.is(launch.configurations.length, 3);
  for (const config of launch.configurations) {
    const resolved = resolveConfiguration(config, {});
    t.falsy(resolved.error, config.name);
    const checked = checkConfiguration({ ...resolved.config, dump: resolved.config.dump?.replace('${file}', '/tmp/crash.wipeout') });
    t.falsy(checked.error, config.name);
  }
});

test('the LSP4IJ parameters attach to the default port', (t) => {
  const parameters = blocks('json').map((block) => JSON.parse(block)).find((value) => value.request === 'attach' && !value.configurations);
  t.like(parameters, { type: 'wipeout', request: 'attach', host: '127.0.0.1', port: 4711 });
});

test('the nvim-dap snippet declares the server adapter and an attach configuration', (t) => {
  const [lua] = blocks('lua');
  t.regex(lua, /dap\.adapters\.wipeout = \{\n  type = 'server',\n  host = '127\.0\.0\.1',\n  port = 4711,\n\}/);
  t.regex(lua, /type = 'wipeout',\n  request = 'attach',/);
});

test('the listening line shown is the one the server prints', async (t) => {
  const dump = writeDump(sampleDump());
  const server = await startServer('crash.wipeout', [], { cwd: dirname(dump) });
  t.teardown(() => server.stop());
  const shown = /\$ wipeout load --file crash\.wipeout --dap 4711\n(.*)\n/.exec(doc)[1];
  t.is(server.out.stdout.trim().replaceAll(String(server.port), '4711'), shown);
});
