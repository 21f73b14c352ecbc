'use strict';
// Debug configurations of type "wipeout", filled in and checked without the `vscode` API, so that
// they can be unit-tested from the repository root.

const DEFAULT_PORT = 4711;
const DEFAULT_HOST = '127.0.0.1';

/**
 * Fills in a configuration before VS Code substitutes variables: F5 with no launch.json on an open
 * `.wipeout` file opens it; `attach` gets the default port and host.
 * Returns `{ config }` or `{ error }` (a message for the user).
 * @param {Record<string, unknown>} config
 * @param {{ activeFile?: string }} context
 */
function resolveConfiguration(config, context = {}) {
  if (!config.type && !config.request && !config.name) {
    if (context.activeFile && context.activeFile.endsWith('.wipeout')) {
      return { config: launchConfiguration(context.activeFile) };
    }
    return { error: 'Open a .wipeout file first, or add a "wipeout" configuration to launch.json' };
  }
  const resolved = { ...config, type: 'wipeout', name: config.name || 'wipeout' };
  if (resolved.request === 'attach') {
    if (resolved.port === undefined) resolved.port = DEFAULT_PORT;
    if (resolved.host === undefined || resolved.host === '') resolved.host = DEFAULT_HOST;
    return { config: resolved };
  }
  if (resolved.request !== 'launch') {
    return { error: `Expected "request" to be "launch" or "attach" in the wipeout configuration, got ${JSON.stringify(config.request)}` };
  }
  if (resolved.dump === undefined) resolved.dump = '${file}';
  return { config: resolved };
}

/**
 * Checks a configuration once VS Code has substituted `${file}` and friends.
 * Returns `{ config }` or `{ error }`.
 * @param {Record<string, unknown>} config
 */
function checkConfiguration(config) {
  if (config.request === 'attach') {
    const port = Number(config.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return { error: `Expected "port" to be a port from 1 to 65535 (the one \`wipeout load --dap PORT\` printed), got ${JSON.stringify(config.port)}` };
    }
    if (typeof config.host !== 'string' || config.host === '') {
      return { error: `Expected "host" to be a host name or address, got ${JSON.stringify(config.host)}` };
    }
    return { config: { ...config, port } };
  }
  if (typeof config.dump !== 'string' || config.dump.trim() === '') {
    return { error: `Expected "dump" to be the path or URL of a .wipeout file, got ${JSON.stringify(config.dump ?? null)} (with "\${file}", open the dump first)` };
  }
  if (config.storageOptions !== undefined && (typeof config.storageOptions !== 'object' || config.storageOptions === null || Array.isArray(config.storageOptions))) {
    return { error: `Expected "storageOptions" to be an object, got ${JSON.stringify(config.storageOptions)}` };
  }
  return { config };
}

/**
 * The configuration that opens one dump, as the "Open crash dump with wipeout" command starts it.
 * @param {string} file
 */
function launchConfiguration(file) {
  const name = file.split(/[\\/]/).pop();
  return { type: 'wipeout', request: 'launch', name: `wipeout: ${name}`, dump: file };
}

module.exports = { resolveConfiguration, checkConfiguration, launchConfiguration, DEFAULT_PORT, DEFAULT_HOST };
