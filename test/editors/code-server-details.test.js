// What VS Code (code-server in headless Chromium, wipeout's extension installed) shows of a
// TypeScript crash beyond the call stack: the cause in the exception widget, the embedded `.ts`
// source highlighted as TypeScript, a `node:internal/…` frame that opens a "not captured" text, a
// watch on a name the dump did not capture answered in its row without a notification, and a
// refused step that leaves no "Load More Stack Frames" row. Skipped, saying so, as code-server.test.js.
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { GOLDEN } from '../helpers/dap-server.js';
import { CODE_SERVER, CODE_SERVER_NODE, HAS_CODE_SERVER, codeServerHome, expectShown, installWipeoutExtension, openWorkbench, startCodeServer } from '../helpers/code-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = HAS_CODE_SERVER || process.env.WIPEOUT_CI === '1' ? test.serial : test.skip;
if (!HAS_CODE_SERVER) console.log(`code-server tests skipped: no ${CODE_SERVER} run by ${CODE_SERVER_NODE} (see .ci/run)`);

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const DUMP = 'ts-order.wipeout';

/** Every element matching `selector`, as text (or the attribute `attribute`). */
const texts = (page, selector, attribute) => page.evaluate((css, name) => [...document.querySelectorAll(css)]
  .map((element) => (name ? element.getAttribute(name) : element.textContent) ?? ''), selector, attribute);

/**
 * Waits until an element matching `selector` has text (or an aria-label) matching `pattern`, any run
 * of white space (the editor renders spaces as no-break spaces) read as one space; resolves with
 * whether one did.
 */
const until = (page, selector, pattern, timeout = 30_000) => page.waitForFunction((css, source) => [...document.querySelectorAll(css)]
  .some((element) => new RegExp(source).test((element.getAttribute('aria-label') || element.textContent).replace(/\s+/g, ' '))), { timeout, polling: 250 }, selector, pattern.source)
  .then(() => true, () => false);

run('VS Code shows the cause, TypeScript highlighting, a not-captured Node frame, a quiet uncaptured watch and no stray row after a refused step', async (t) => {
  t.true(HAS_CODE_SERVER, `expected code-server at ${CODE_SERVER} and Node 24 at ${CODE_SERVER_NODE}`);
  // The golden TypeScript dump: its sources are embedded (the paths it names do not exist here),
  // its error has a cause, and four of its frames are in node:internal/modules/cjs/loader.
  const folder = tempDir('wipeout-workspace-');
  copyFileSync(join(GOLDEN, DUMP), join(folder, DUMP));
  mkdirSync(join(folder, 'node_modules'));
  // Started from launch.json: the Explorer's menu is code-server.test.js's subject.
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(join(folder, '.vscode', 'launch.json'), JSON.stringify({
    version: '0.2.0',
    configurations: [{ type: 'wipeout', request: 'launch', name: 'TypeScript crash', dump: `\${workspaceFolder}/${DUMP}` }],
  }));
  symlinkSync(REPOSITORY, join(folder, 'node_modules', 'wipeout'));
  const home = codeServerHome();
  await installWipeoutExtension(home);
  const server = await startCodeServer(home);
  t.teardown(() => server.stop());
  const workbench = await openWorkbench(t, server.url, folder);
  const { page, command } = workbench;
  await command('View: Show Run and Debug');
  await command('Debug: Start Debugging');
  const seen = {};
  try {
    await shown(t, page, seen, workbench);
  } catch (error) {
    // What VS Code showed when a step of the way failed.
    const screenshot = join(process.env.WIPEOUT_TEST_OUTPUT || tempDir('wipeout-code-server-'), 'details-error.png');
    await page.screenshot({ path: screenshot });
    t.log(`seen so far: ${JSON.stringify(seen)}; screenshot: ${screenshot}`);
    throw error;
  }
  await expectShown(t, page, seen, 'details');
});

/** Goes through what the test checks, recording each in `seen`. */
async function shown(t, page, seen, { command, treeItem, labels }) {
  seen['the throwing frame in the Call Stack'] = await treeItem('Debug Call Stack', /Cart\.total/);

  // The exception widget, in the editor of the throwing frame.
  const cause = /\[cause\]: Error: known codes: WELCOME/;
  seen['the cause in the exception widget'] = await until(page, '.exception-widget .stack-trace', cause, 30_000);
  if (!seen['the cause in the exception widget']) {
    // On a loaded machine VS Code can open the editor before the widget: the user clicks the frame.
    t.log('exception widget before clicking the top frame:', await texts(page, '.exception-widget'));
    await (await page.$('[aria-label="Debug Call Stack"] [role=row][aria-label^="Stack Frame Cart.total"]'))?.click();
    seen['the cause in the exception widget'] = await until(page, '.exception-widget .stack-trace', cause, 30_000);
  }
  // The editor of order.ts (embedded in the dump) in TypeScript: the status bar names the language.
  seen['order.ts as TypeScript'] = await until(page, '[id="status.editor.mode"]', /^\s*TypeScript\s*$/);

  // A watch on a name the dump did not capture.
  const header = await page.waitForSelector('.pane-header[aria-label^="Watch"]');
  if (await header.evaluate((element) => element.getAttribute('aria-expanded') !== 'true')) await header.click();
  // Its actions show while the pointer is over the header.
  await header.hover();
  await (await page.waitForSelector('.pane-header[aria-label^="Watch"] [aria-label="Add Expression"]', { visible: true })).click();
  await page.waitForFunction(() => document.activeElement?.closest('[aria-label^="Debug Watch"]') != null, { timeout: 20_000 });
  await page.keyboard.type('requestId');
  await page.keyboard.press('Enter');
  seen['the watch row saying the name was not captured'] = await treeItem('Debug Watch Expressions', /^requestId, value requestId was not captured in frame #0 Cart\.total/);

  // A refused step, the dimmed frames folded: VS Code is told the program is still stopped and
  // asks for the stack again.
  await command('Debug: Step Over');
  seen['the refused step\'s notification'] = await until(page, '.notifications-toasts .notification-list-item-message', /nothing can run/, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const rows = await labels('Debug Call Stack');
  t.log('call stack after the step:', rows);
  seen['the call stack without a "Load More Stack Frames" row'] = rows.includes('Show 7 More Stack Frames') && !rows.some((row) => /Load More Stack Frames/.test(row));

  // Every notification of the session, the ones whose toast has gone included.
  await command('Notifications: Show Notifications');
  await page.waitForSelector('.notifications-center .notification-list-item-message', { visible: true, timeout: 10_000 }).catch(() => {});
  const notifications = await texts(page, '.notifications-center .notification-list-item-message');
  t.log('notifications:', notifications);
  seen['no notification about the watch'] = notifications.length > 0 && !notifications.some((text) => /not captured/.test(text));
  // Closed, as a user does: the toasts and the notification centre sit over the editor.
  await command('Notifications: Clear All Notifications');
  await page.keyboard.press('Escape');

  // A node:internal frame: the grouped dimmed frames are expanded, then the frame is clicked.
  // A click while the tree redraws after the stop can be lost: click again until the frame is listed.
  const row = (label) => page.$(`[aria-label="Debug Call Stack"] [role=row][aria-label^="${label}"]`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const frame = await row('Stack Frame Module._compile');
    if (frame) {
      await frame.click();
      break;
    }
    await (await row('Show 7 More Stack Frames'))?.click();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  seen['the internal frame\'s tab'] = await until(page, '.tabs-container [role=tab]', /^loader/);
  seen['the internal frame\'s "not captured" text'] = await until(page, '.editor-instance .monaco-editor .view-lines', /Not captured: node:internal\/modules\/cjs\/loader is one of Node's internal modules/);
}
