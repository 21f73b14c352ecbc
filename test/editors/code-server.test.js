// VS Code itself (code-server: VS Code's server with its built-in extensions) in headless Chromium.
// Its own JavaScript debugger (js-debug) attaches to `wipeout load --inspect` with a plain
// launch.json "node" attach, and shows the crash's call stack, the top frame's variables and a
// Debug Console answer. wipeout's own extension, packaged and installed as docs/editors.md says,
// opens a dump from the Explorer's context menu, or with F5 on the dump, and shows the same. Needs code-server and Debian's chromium (.ci/run installs both); skipped,
// saying so, where they are missing. Screenshots on failure.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { FIXTURES } from '../helpers/dap-server.js';
import { startInspector } from '../helpers/cdp-server.js';
import { CODE_SERVER, CODE_SERVER_NODE, HAS_CODE_SERVER, VSCE, codeServerHome, expectShown, installWipeoutExtension, openWorkbench, startCodeServer } from '../helpers/code-server.js';
import { tempDir } from '../helpers/temp-dir.js';

// .ci/run installs code-server: there (WIPEOUT_CI=1) a missing one fails the test instead of skipping it.
const run = HAS_CODE_SERVER || process.env.WIPEOUT_CI === '1' ? test.serial : test.skip;
if (!HAS_CODE_SERVER) console.log(`code-server tests skipped: no ${CODE_SERVER} run by ${CODE_SERVER_NODE} (see .ci/run)`);

/** A workspace folder with `launch` as its .vscode/launch.json configurations. */
function workspace(configurations) {
  const folder = tempDir('wipeout-workspace-');
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(join(folder, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations }, null, 2));
  return folder;
}

/** What VS Code shows of the async-checkout crash, whichever debugger it came through. */
async function expectCheckoutCrash(t, { page, command, treeItem }, name) {
  const seen = {
    'the throwing frame in the Call Stack': await treeItem('Debug Call Stack', /checkout/),
    'the awaiting frame in the Call Stack': await treeItem('Debug Call Stack', /\bmain\b/),
    'a local of the top frame with its value': await treeItem('Debug Variables', /^readings, value .*\[ ?0, 2, 4/),
  };
  await command('Debug Console: Focus on Debug Console View');
  // Keys typed before the console's input has focus are lost.
  await page.waitForFunction(() => document.activeElement?.closest('.repl-input-wrapper') != null, { timeout: 20_000 });
  await page.keyboard.type('readings.length * 3');
  await page.keyboard.press('Enter');
  seen['the expression\'s answer in the Debug Console'] = await treeItem('Debug Console', /^1500$/);
  await expectShown(t, page, seen, name);
}

run('VS Code\'s js-debug attached to wipeout load --inspect shows the call stack, a local with its value and a Debug Console answer', async (t) => {
  t.true(HAS_CODE_SERVER, `expected code-server at ${CODE_SERVER} and Node 24 at ${CODE_SERVER_NODE}`);
  const { dumps } = await runFixture(join(FIXTURES, 'async-checkout.cjs'));
  const inspector = await startInspector(dumps[0].path);
  t.teardown(() => inspector.stop());
  // The snippet the inspector prints. Without "address", js-debug races localhost as 127.0.0.1 and
  // [::1]; on this machine that race failed against Node's own `node --inspect` as well.
  const folder = workspace([{ type: 'node', request: 'attach', name: 'wipeout dump', address: '127.0.0.1', port: inspector.port }]);
  const server = await startCodeServer(codeServerHome());
  t.teardown(() => server.stop());
  const workbench = await openWorkbench(t, server.url, folder);
  await workbench.command('View: Show Run and Debug');
  await workbench.command('Debug: Start Debugging');
  await expectCheckoutCrash(t, workbench, 'js-debug');
});

// The package's own adapter, found where docs/editors.md says: node_modules/wipeout of the workspace.
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts code-server with wipeout's extension installed, on a workspace holding a fresh dump of the
 * async-checkout crash and node_modules/wipeout (a link to this repository).
 */
async function openDumpWorkspace(t) {
  t.true(HAS_CODE_SERVER, `expected code-server at ${CODE_SERVER} and Node 24 at ${CODE_SERVER_NODE}`);
  t.true(existsSync(VSCE), `expected vsce at ${VSCE} (npm ci in editors/vscode; .ci/run does)`);
  const folder = tempDir('wipeout-workspace-');
  const { dumps } = await runFixture(join(FIXTURES, 'async-checkout.cjs'), { dir: folder });
  mkdirSync(join(folder, 'node_modules'));
  symlinkSync(REPOSITORY, join(folder, 'node_modules', 'wipeout'));
  const home = codeServerHome();
  await installWipeoutExtension(home);
  const server = await startCodeServer(home);
  t.teardown(() => server.stop());
  return { workbench: await openWorkbench(t, server.url, folder), dump: basename(dumps[0].path) };
}

run('wipeout\'s extension opens a dump from the Explorer\'s context menu and shows the call stack, a local with its value and a Debug Console answer', async (t) => {
  const { workbench, dump } = await openDumpWorkspace(t);
  await workbench.openExplorerMenu(dump, 'Open crash dump with wipeout');
  // VS Code keeps the Explorer in front when the session stops: the user opens Run and Debug.
  await workbench.command('View: Show Run and Debug');
  await expectCheckoutCrash(t, workbench, 'wipeout-extension-explorer');
});

run('F5 on a dump opened from the Explorer (a binary file, no text editor) with no launch.json shows the same', async (t) => {
  const { workbench, dump } = await openDumpWorkspace(t);
  await workbench.openFile(dump);
  // With no launch.json VS Code asks which debugger; the dump's tab is what the extension opens.
  await workbench.startDebuggingWith('wipeout (saved crash)');
  await workbench.command('View: Show Run and Debug');
  await expectCheckoutCrash(t, workbench, 'wipeout-extension-f5');
});
