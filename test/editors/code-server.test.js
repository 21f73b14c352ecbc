// VS Code itself (code-server: VS Code's server with its built-in extensions) in headless Chromium.
// Its own JavaScript debugger (js-debug) attaches to `wipeout load --inspect` with a plain
// launch.json "node" attach, and shows the crash's call stack, the top frame's variables and a
// Debug Console answer. Needs code-server and Debian's chromium (.ci/run installs both); skipped,
// saying so, where they are missing. Screenshots on failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { FIXTURES } from '../helpers/dap-server.js';
import { startInspector } from '../helpers/cdp-server.js';
import { CODE_SERVER, CODE_SERVER_NODE, HAS_CODE_SERVER, codeServerHome, expectShown, openWorkbench, startCodeServer } from '../helpers/code-server.js';
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
  const { page, command, treeItem } = await openWorkbench(t, server.url, folder);
  await command('View: Show Run and Debug');
  await command('Debug: Start Debugging');
  const seen = {
    'the throwing frame in the Call Stack': await treeItem('Debug Call Stack', /checkout/),
    'the awaiting frame in the Call Stack': await treeItem('Debug Call Stack', /\bmain\b/),
    'a local of the top frame with its value': await treeItem('Debug Variables', /^readings, value \(500\) \[0, 2, 4/),
  };
  await command('Debug Console: Focus on Debug Console View');
  // Keys typed before the console's input has focus are lost.
  await page.waitForFunction(() => document.activeElement?.closest('.repl-input-wrapper') != null, { timeout: 20_000 });
  await page.keyboard.type('readings.length * 3');
  await page.keyboard.press('Enter');
  seen['the expression\'s answer in the Debug Console'] = await treeItem('Debug Console', /^1500$/);
  await expectShown(t, page, seen, 'js-debug');
});
