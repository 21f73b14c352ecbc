// Chromium's own DevTools frontend (the bundled js_app.html, served by Chromium over http as
// devtools:// cannot be opened headless) attached to the inspector serving a real crash: the call
// stack, the top frame's scope and a console evaluation are shown. Needs Debian's `chromium`;
// skipped, saying so, where it is not installed. A screenshot is kept when an assertion fails.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { FIXTURES, GOLDEN } from '../helpers/dap-server.js';
import { startInspector } from '../helpers/cdp-server.js';

const CHROMIUM = process.env.WIPEOUT_TEST_CHROMIUM || '/usr/bin/chromium';
// .ci/run installs it (WIPEOUT_CI=1): there a missing browser fails rather than skips.
const run = existsSync(CHROMIUM) || process.env.WIPEOUT_CI === '1' ? test : test.skip;

/** All text of the page, through every shadow root (DevTools draws its panels in them). */
function deepText() {
  const parts = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === 3) parts.push(child.textContent);
      else walk(child);
    }
  };
  walk(document);
  return parts.join(' ');
}

/** Opens the DevTools frontend on the inspector serving `dumpPath`; `shown(re)` waits for text on the page. */
async function openDevTools(t, dumpPath) {
  t.true(existsSync(CHROMIUM), `expected Chromium at ${CHROMIUM} (apt-get install chromium, or WIPEOUT_TEST_CHROMIUM)`);
  const { default: puppeteer } = await import('puppeteer-core');
  const server = await startInspector(dumpPath);
  t.teardown(() => server.stop());
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const rdp = new URL(browser.wsEndpoint()).port;
  await page.goto(`http://127.0.0.1:${rdp}/devtools/js_app.html?ws=${server.url.replace('ws://', '')}`);
  // waitForFunction cannot take a function argument: the walker goes in as source.
  await page.evaluate(`window.__deepText = ${deepText.toString()}`);
  const shown = (pattern) => page.waitForFunction(`new RegExp(${JSON.stringify(pattern.source)}).test(window.__deepText())`, { timeout: 30_000, polling: 250 }).then(() => true, () => false);
  return { page, shown };
}

/** Fails with the list of what was not shown, keeping a screenshot of the page. */
async function expectShown(t, page, seen, name) {
  const screenshot = join(process.env.WIPEOUT_TEST_OUTPUT || mkdtempSync(join(tmpdir(), 'wipeout-devtools-')), `${name}.png`);
  if (Object.values(seen).includes(false) || process.env.WIPEOUT_TEST_OUTPUT) {
    await page.screenshot({ path: screenshot });
    t.log(`screenshot: ${screenshot}`);
  }
  t.deepEqual(Object.entries(seen).filter(([, ok]) => !ok).map(([what]) => what), [], 'not shown by DevTools');
}

run('DevTools shows the paused call stack, the top frame\'s variables and an evaluated expression', async (t) => {
  const { dumps } = await runFixture(join(FIXTURES, 'async-checkout.cjs'));
  const { page, shown } = await openDevTools(t, dumps[0].path);
  const seen = {
    'the pause banner': await shown(/Paused on exception/),
    'the top frame in the call stack': await shown(/checkout/),
    'a local variable with its value in the Scope pane': await shown(/readings.{0,20}\(500\)/),
  };
  // The console drawer, an expression evaluated in the selected frame, its answer.
  await page.keyboard.press('Escape');
  seen['the console prompt'] = await shown(/Console/);
  await page.keyboard.type('readings.length * 3');
  await page.keyboard.press('Enter');
  seen['the evaluated expression in the console'] = await shown(/\b1500\b/);
  await expectShown(t, page, seen, 'devtools');
});

run('DevTools maps a TypeScript crash through the dump\'s source map: the frame is order.ts line 21, its text shown', async (t) => {
  const { page, shown } = await openDevTools(t, `${GOLDEN}ts-order.wipeout`);
  await expectShown(t, page, {
    'the pause banner': await shown(/Paused on exception/),
    'the top frame at its TypeScript line': await shown(/total\s+order\.ts:21/),
    'the TypeScript text': await shown(/readonly\s+items\s*:\s*Item/),
  }, 'devtools-typescript');
});
