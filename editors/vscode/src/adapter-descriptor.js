'use strict';
// Which debug adapter a "wipeout" session talks to, decided without the `vscode` API:
// `attach` connects to a running `wipeout load --dap PORT`; `launch` starts the stdio adapter.

const path = require('node:path');

/**
 * Where the stdio adapter lives inside an installed wipeout package: its CommonJS entry, because
 * VS Code starts a `node` adapter with require() in its own runtime (see dist/dap-server/main.cjs).
 */
const ADAPTER_IN_PACKAGE = path.join('node_modules', 'wipeout', 'dist', 'dap-server', 'main.cjs');

/**
 * @typedef {{ type: 'server', port: number, host: string }
 *   | { type: 'executable', command: string, args: string[], cwd?: string }} AdapterDescriptor
 */

/**
 * @param {Record<string, unknown>} config a checked configuration (see checkConfiguration)
 * @param {{ adapterCommand?: string[], workspaceFolders?: string[], exists: (file: string) => boolean, node?: string }} context
 * @returns {AdapterDescriptor}
 */
function adapterDescriptor(config, context) {
  if (config.request === 'attach') {
    return { type: 'server', port: Number(config.port), host: String(config.host) };
  }
  const cwd = typeof config.cwd === 'string' && config.cwd ? config.cwd : context.workspaceFolders?.[0];
  const withCwd = (descriptor) => (cwd ? { ...descriptor, cwd } : descriptor);
  const custom = Array.isArray(context.adapterCommand) ? context.adapterCommand.filter((part) => typeof part === 'string' && part !== '') : [];
  if (custom.length > 0) return withCwd({ type: 'executable', command: custom[0], args: custom.slice(1) });
  for (const folder of context.workspaceFolders ?? []) {
    const main = path.join(folder, ADAPTER_IN_PACKAGE);
    if (context.exists(main)) return withCwd({ type: 'executable', command: context.node ?? 'node', args: [main] });
  }
  return withCwd({ type: 'executable', command: 'wipeout', args: ['dap'] });
}

module.exports = { adapterDescriptor, ADAPTER_IN_PACKAGE };
