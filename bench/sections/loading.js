// Workload 7: a 50 MB dump (uncompressed JSON; the file is gzip) to the loaded model, to the first
// `(wipeout)` prompt of `wipeout load`, to the first DAP variables page, to the first paused event
// and first scope page over CDP (`--inspect`), and to the first and a later evaluation in the crash frame. Rows print "n/a"
// while the loader, CLI or DAP server is not built yet.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runOnce, median } from '../lib/measure.js';
import { growDump } from '../lib/synthesize-dump.js';
import { firstVariablesPage } from '../lib/dap-probe.js';
import { firstPausedAndScope } from '../lib/cdp-probe.js';
import { formatBytes } from './capture.js';

export async function loadingRows({ variants, runs, node, benchDir, repo, quick }) {
  const rows = { model: [], prompt: [], dap: [], cdpPaused: [], cdpScope: [], firstEval: [], againEval: [] };
  const mb = quick ? 10 : 50;
  const labels = { model: `load: ${mb} MB dump → loadDump done`, prompt: `load: ${mb} MB dump → first (wipeout) prompt`, dap: `load: ${mb} MB dump → first DAP variables page`,
    cdpPaused: `load: ${mb} MB dump → first paused event over CDP`, cdpScope: `load: ${mb} MB dump → first scope page over CDP`,
    firstEval: `load: ${mb} MB dump → first evaluation in the crash frame (after loadDump)`, againEval: `load: ${mb} MB dump → a later evaluation` };
  const dist = (path) => join(repo, 'dist', path);
  const hook = variants.find((v) => v.name === 'wipeout');
  const row = (key, text) => ({ label: labels[key], cells: { plain: '–', wipeout: text, sentry: '–' } });
  if (!hook.available || !existsSync(dist('dump/index.js'))) return Object.keys(labels).map((k) => row(k, 'n/a (hook not built)'));

  const dir = mkdtempSync(join(tmpdir(), 'wipeout-bench-load-'));
  try {
    const small = join(dir, 'small.wipeout');
    runOnce({ node, nodeArgs: hook.nodeArgs, script: join(benchDir, 'fixtures', 'crash-typical.cjs'), env: { WIPEOUT_FILE: small } });
    if (!existsSync(small)) return Object.keys(labels).map((k) => row(k, 'n/a (the hook wrote no dump)'));
    const { decodeDump, encodeDump } = await import(dist('dump/index.js'));
    const big = join(dir, 'big.wipeout');
    const size = growDump({ decodeDump, encodeDump, smallDump: small, out: big, targetBytes: (quick ? 10 : 50) * 1024 * 1024 });
    const sizeNote = `${formatBytes(size.jsonBytes)} JSON, ${formatBytes(size.fileBytes)} file`;

    for (let round = 0; round < runs; round++) {
      if (existsSync(dist('loader/index.js'))) {
        const r = runOnce({ node, script: join(benchDir, 'workloads', 'load-dump.mjs'), args: [dist('loader/index.js'), big] });
        rows.model.push(r.status === 0 ? r.ms : null);
        const e = runOnce({ node, script: join(benchDir, 'workloads', 'load-dump.mjs'), args: [dist('loader/index.js'), big, '--evaluate'] });
        rows.firstEval.push(e.status === 0 ? JSON.parse(e.stdout.trim().split('\n').pop()).firstMs : null);
        rows.againEval.push(e.status === 0 ? JSON.parse(e.stdout.trim().split('\n').pop()).againMs : null);
      }
      if (existsSync(dist('cli/main.js'))) {
        rows.prompt.push(await timeToOutput(node, [dist('cli/main.js'), 'load', '--file', big], { WIPEOUT_DEBUGGER: 'repl' }, /\(wipeout\)/));
      }
      if (existsSync(dist('cli/main.js')) && existsSync(dist('dap-server/index.js'))) rows.dap.push(await timeToDapPage(node, dist('cli/main.js'), big));
      if (existsSync(dist('cli/main.js')) && existsSync(dist('cdp-server/index.js'))) {
        const cdp = await timeToCdpScope(node, dist('cli/main.js'), big);
        rows.cdpPaused.push(cdp?.paused ?? null);
        rows.cdpScope.push(cdp?.scope ?? null);
      }
    }
    const cell = (samples, digits = 0) => (median(samples) == null ? 'n/a' : `${median(samples).toFixed(digits)} ms (${sizeNote})`);
    return [row('model', cell(rows.model)), row('prompt', cell(rows.prompt)), row('dap', cell(rows.dap)), row('cdpPaused', cell(rows.cdpPaused)), row('cdpScope', cell(rows.cdpScope)), row('firstEval', cell(rows.firstEval)), row('againEval', cell(rows.againEval, 1))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Spawns a process and resolves with the ms until its stdout matches `pattern` (null if never). */
function timeToOutput(node, args, env, pattern, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(node, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
    let text = '';
    const finish = (value) => { clearTimeout(timer); child.kill(); resolve(value); };
    const timer = setTimeout(() => finish(null), timeoutMs);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (pattern.test(text)) finish(performance.now() - start);
    });
    child.on('exit', () => finish(null));
  });
}

async function timeToDapPage(node, cli, dump) {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(node, [cli, 'load', '--file', dump, '--dap', String(port)], { stdio: 'ignore' });
  try {
    // Retry the connection until the server listens; the time spent waiting counts.
    for (const deadline = start + 60_000; performance.now() < deadline;) {
      try {
        await firstVariablesPage(port);
        return performance.now() - start;
      } catch (error) {
        if (error.code !== 'ECONNREFUSED') { process.stderr.write(`  wipeout: DAP probe failed: ${error.message}\n`); return null; }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return null;
  } finally {
    child.kill();
  }
}

async function timeToCdpScope(node, cli, dump) {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(node, [cli, 'load', '--file', dump, '--inspect', String(port)], { stdio: 'ignore' });
  try {
    return await firstPausedAndScope(port, start);
  } catch (error) {
    process.stderr.write(`  wipeout: CDP probe failed: ${error.message}\n`);
    return null;
  } finally {
    child.kill();
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
