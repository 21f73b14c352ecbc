'use strict';
// Wires the logic modules to the VS Code API. Everything worth testing lives in the files that
// do not import `vscode`.

const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { adapterDescriptor } = require('./adapter-descriptor.js');
const { checkConfiguration, launchConfiguration, resolveConfiguration } = require('./resolve-configuration.js');

/** @param {import('vscode').ExtensionContext} context */
function activate(context) {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('wipeout', {
      resolveDebugConfiguration(_folder, config) {
        return answer(resolveConfiguration(config, { activeFile: activeFile() }));
      },
      resolveDebugConfigurationWithSubstitutedVariables(_folder, config) {
        return answer(checkConfiguration(config));
      },
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory('wipeout', {
      createDebugAdapterDescriptor(session) {
        const descriptor = adapterDescriptor(session.configuration, {
          adapterCommand: vscode.workspace.getConfiguration('wipeout').get('adapterCommand'),
          workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
          exists: (file) => fs.existsSync(file),
        });
        if (descriptor.type === 'server') return new vscode.DebugAdapterServer(descriptor.port, descriptor.host);
        return new vscode.DebugAdapterExecutable(descriptor.command, descriptor.args, descriptor.cwd ? { cwd: descriptor.cwd } : {});
      },
    }),
    vscode.commands.registerCommand('wipeout.openDump', async (uri) => {
      const target = uri instanceof vscode.Uri ? uri : await pickDump();
      if (!target) return;
      const folder = vscode.workspace.getWorkspaceFolder(target);
      await vscode.debug.startDebugging(folder, launchConfiguration(target.fsPath));
    }),
  );
}

/** Shows the error of a resolution; `undefined` makes VS Code stop without a second message. */
function answer(result) {
  if (result.error) {
    void vscode.window.showErrorMessage(result.error);
    return undefined;
  }
  return result.config;
}

/**
 * The file of the editor in front, from its tab: a dump (gzip) opens as a binary placeholder, which
 * is no text editor, so `activeTextEditor` is undefined there.
 */
function activeUri() {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input && input.uri instanceof vscode.Uri) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

function activeFile() {
  const uri = activeUri();
  return uri?.scheme === 'file' ? uri.fsPath : undefined;
}

async function pickDump() {
  const active = activeUri();
  if (active?.scheme === 'file' && path.extname(active.fsPath) === '.wipeout') return active;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'wipeout crash dumps': ['wipeout'] }, openLabel: 'Open crash dump' });
  return picked?.[0];
}

function deactivate() {}

module.exports = { activate, deactivate };
