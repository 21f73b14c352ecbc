// The VS Code extension's logic, loaded without the `vscode` API: configuration resolution and
// the adapter it starts or connects to. Plus its manifest, which VS Code reads before any code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import test from 'ava';

const require = createRequire(import.meta.url);
const { resolveConfiguration, checkConfiguration, launchConfiguration } = require('../../editors/vscode/src/resolve-configuration.js');
const { adapterDescriptor } = require('../../editors/vscode/src/adapter-descriptor.js');
const manifest = JSON.parse(readFileSync(new URL('../../editors/vscode/package.json', import.meta.url), 'utf8'));

test('F5 without launch.json on an open .wipeout file launches it', (t) => {
  t.deepEqual(resolveConfiguration({}, { activeFile: '/crashes/api.wipeout' }), {
    config: { type: 'wipeout', request: 'launch', name: 'wipeout: api.wipeout', dump: '/crashes/api.wipeout' },
  });
});

test('F5 without launch.json on any other file says what to do', (t) => {
  t.regex(resolveConfiguration({}, { activeFile: '/src/app.ts' }).error, /Open a \.wipeout file first/);
  t.regex(resolveConfiguration({}, {}).error, /Open a \.wipeout file first/);
});

test('attach gets port 4711 and host 127.0.0.1 unless given', (t) => {
  t.like(resolveConfiguration({ type: 'wipeout', request: 'attach', name: 'a' }).config, { port: 4711, host: '127.0.0.1' });
  t.like(resolveConfiguration({ type: 'wipeout', request: 'attach', name: 'a', port: 9229, host: 'box' }).config, { port: 9229, host: 'box' });
});

test('launch without dump defaults to the open file; an unknown request is an error', (t) => {
  t.is(resolveConfiguration({ type: 'wipeout', request: 'launch', name: 'l' }).config.dump, '${file}');
  t.regex(resolveConfiguration({ type: 'wipeout', request: 'run', name: 'x' }).error, /Expected "request" to be "launch" or "attach" .* got "run"/);
});

test('after substitution, a launch needs a dump and an attach a valid port', (t) => {
  t.truthy(checkConfiguration({ request: 'launch', dump: 's3://bucket/crash.wipeout', storageOptions: { region: 'eu-west-1' } }).config);
  t.regex(checkConfiguration({ request: 'launch', dump: '' }).error, /Expected "dump" to be the path or URL of a \.wipeout file, got ""/);
  t.regex(checkConfiguration({ request: 'launch', dump: 'x.wipeout', storageOptions: [] }).error, /Expected "storageOptions" to be an object/);
  t.is(checkConfiguration({ request: 'attach', port: '4711', host: '127.0.0.1' }).config.port, 4711);
  t.regex(checkConfiguration({ request: 'attach', port: 70000, host: '127.0.0.1' }).error, /port from 1 to 65535 .* got 70000/);
  t.regex(checkConfiguration({ request: 'attach', port: 4711, host: '' }).error, /Expected "host"/);
});

test('the command opens a dump with a launch configuration named after it', (t) => {
  t.deepEqual(launchConfiguration('C:\\crashes\\worker.wipeout'), { type: 'wipeout', request: 'launch', name: 'wipeout: worker.wipeout', dump: 'C:\\crashes\\worker.wipeout' });
});

test('attach connects to the server at host and port', (t) => {
  t.deepEqual(adapterDescriptor({ request: 'attach', port: 4711, host: '127.0.0.1' }, { exists: () => false }), { type: 'server', port: 4711, host: '127.0.0.1' });
});

test('launch runs the adapter of the workspace’s wipeout package when there is one', (t) => {
  const main = join('/ws/b', 'node_modules', 'wipeout', 'dist', 'dap-server', 'main.cjs');
  const descriptor = adapterDescriptor({ request: 'launch', dump: 'x.wipeout' }, { workspaceFolders: ['/ws/a', '/ws/b'], exists: (file) => file === main });
  t.deepEqual(descriptor, { type: 'executable', command: 'node', args: [main], cwd: '/ws/a' });
});

test('launch falls back to `wipeout dap` from the PATH, and the setting beats both', (t) => {
  t.deepEqual(adapterDescriptor({ request: 'launch', dump: 'x' }, { exists: () => false }), { type: 'executable', command: 'wipeout', args: ['dap'] });
  t.deepEqual(
    adapterDescriptor({ request: 'launch', dump: 'x', cwd: '/srv' }, { adapterCommand: ['npx', 'wipeout', 'dap'], workspaceFolders: ['/ws'], exists: () => true }),
    { type: 'executable', command: 'npx', args: ['wipeout', 'dap'], cwd: '/srv' },
  );
});

test('the manifest contributes the debug type, the command and its Explorer menu for .wipeout files', (t) => {
  const [debuggerType] = manifest.contributes.debuggers;
  t.is(debuggerType.type, 'wipeout');
  t.deepEqual(debuggerType.configurationAttributes.launch.required, ['dump']);
  t.is(debuggerType.configurationAttributes.attach.properties.port.default, 4711);
  t.deepEqual(manifest.contributes.commands, [{ command: 'wipeout.openDump', title: 'Open crash dump with wipeout', category: 'wipeout' }]);
  t.deepEqual(manifest.contributes.menus['explorer/context'], [{ command: 'wipeout.openDump', when: 'resourceExtname == .wipeout', group: 'navigation' }]);
  t.true(manifest.activationEvents.includes('onDebugResolve:wipeout'));
  t.is(manifest.main, './src/extension.js');
  t.truthy(manifest.devDependencies['@vscode/vsce']);
  t.is(manifest.dependencies, undefined, 'the extension ships no runtime dependencies');
});

test('the extension’s own files never import the VS Code API except extension.js', (t) => {
  for (const file of ['resolve-configuration.js', 'adapter-descriptor.js']) {
    t.notRegex(readFileSync(new URL(`../../editors/vscode/src/${file}`, import.meta.url), 'utf8'), /require\(['"]vscode['"]\)/);
  }
});

test('activate wires the provider, the adapter factory and the command to the VS Code API', async (t) => {
  // A stand-in for the `vscode` module, recording what the extension registers.
  const registered = {};
  const started = [];
  class DebugAdapterServer { constructor(port, host) { Object.assign(this, { kind: 'server', port, host }); } }
  class DebugAdapterExecutable { constructor(command, args, options) { Object.assign(this, { kind: 'executable', command, args, options }); } }
  class Uri { constructor(fsPath) { this.fsPath = fsPath; } }
  const vscode = {
    Uri, DebugAdapterServer, DebugAdapterExecutable,
    debug: {
      registerDebugConfigurationProvider: (type, provider) => (registered.provider = { type, provider }),
      registerDebugAdapterDescriptorFactory: (type, factory) => (registered.factory = { type, factory }),
      startDebugging: async (folder, config) => started.push({ folder, config }),
    },
    commands: { registerCommand: (id, run) => (registered.command = { id, run }) },
    window: { activeTextEditor: undefined, showErrorMessage: async () => {} },
    workspace: { workspaceFolders: [], getConfiguration: () => ({ get: () => [] }), getWorkspaceFolder: () => undefined },
  };
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    const extension = require('../../editors/vscode/src/extension.js');
    extension.activate({ subscriptions: [] });
  } finally {
    Module._load = load;
  }
  t.is(registered.provider.type, 'wipeout');
  t.is(registered.factory.type, 'wipeout');
  t.is(registered.command.id, 'wipeout.openDump');
  const server = registered.factory.factory.createDebugAdapterDescriptor({ configuration: { request: 'attach', port: 4711, host: '127.0.0.1' } });
  t.like(server, { kind: 'server', port: 4711, host: '127.0.0.1' });
  const executable = registered.factory.factory.createDebugAdapterDescriptor({ configuration: { request: 'launch', dump: 'x.wipeout' } });
  t.like(executable, { kind: 'executable', command: 'wipeout', args: ['dap'] });
  await registered.command.run(new Uri('/crashes/a.wipeout'));
  t.deepEqual(started.map((s) => s.config.dump), ['/crashes/a.wipeout']);
  t.is(registered.provider.provider.resolveDebugConfigurationWithSubstitutedVariables(undefined, { request: 'launch', dump: '' }), undefined);
});
