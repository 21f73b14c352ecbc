// Issue 12's capture targets: does a crash keep its locals at boot, in a busy process and after a
// storm, and how often did the hook step down to a lower pause level before it (docs/capture.md)?
// Each scenario is a real crash with the hook; the figures come from the dump it wrote.
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runOnce } from '../lib/measure.js';

export async function coverageRows({ variants, runs, node, benchDir, repo, cacheDir }) {
  const hook = variants.find((v) => v.name === 'wipeout');
  if (!hook?.available) return [{ label: 'capture coverage (hook not built)', cells: {} }];
  const { decodeDump } = await import(join(repo, 'dist', 'dump', 'index.js'));
  const crashAfter = join(benchDir, 'workloads', 'crash-after.cjs');
  const scenarios = [
    ['coverage: crash while a 150-module CJS app boots', bootApp(join(cacheDir, 'boot-150')), []],
    ['coverage: crash 300 errors/s into a busy process (2.5 s)', crashAfter, ['busy-300-per-second', '2500']],
    ['coverage: crash right after 200,000 throws at depth 20', crashAfter, ['throws-depth-20', '200000']],
    ['coverage: crash right after 20,000 throws at depth 200', crashAfter, ['throws-depth-200', '20000']],
    ['coverage: crash right after 100,000 caught rejections', crashAfter, ['rejections', '100000']],
    ['coverage: crash 1.5 s after 200,000 throws at depth 20', crashAfter, ['throws-depth-20', '200000', '1500']],
  ];
  return scenarios.map(([label, script, args]) => {
    const results = [];
    for (let round = 0; round < Math.min(runs, 3); round++) {
      const dir = mkdtempSync(join(tmpdir(), 'wipeout-bench-'));
      const file = join(dir, 'crash.wipeout');
      try {
        runOnce({ node, nodeArgs: hook.nodeArgs, script, args, env: { WIPEOUT_FILE: file } });
        results.push(existsSync(file) ? decodeDump(readFileSync(file)) : null);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return { label, cells: { plain: '–', wipeout: describe(results), sentry: '–' } };
  });
}

/** "3/3 with locals (level all; stepped down: 1 uncaught, 0 off)" from the dumps of the runs. */
function describe(dumps) {
  const written = dumps.filter(Boolean);
  if (written.length === 0) return 'no dump';
  const withLocals = written.filter((dump) => dump.capture.method === 'pause').length;
  const levels = [...new Set(written.map((dump) => dump.capture.pausing?.level ?? '?'))].join('/');
  const steps = written[0].capture.pausing?.stepDowns;
  const stepText = steps ? `; stepped down ${steps.uncaught}x to uncaught, ${steps.off + steps.offForScripts}x off` : '';
  return `${withLocals}/${dumps.length} with locals (level at the crash: ${levels}${stepText})`;
}

/** A 150-module CommonJS app whose module 140 throws at load, with locals in the throwing frame. */
function bootApp(dir) {
  const entry = join(dir, 'index.js');
  if (existsSync(entry)) return entry;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 150; i++) {
    const crash = i === 140 ? `function readSetting(name) { const source = { port: '80a' }; const port = Number(source[name]); if (Number.isNaN(port)) throw new Error('bad ' + name); return port; }\nreadSetting('port');\n` : '';
    writeFileSync(join(dir, `m${i}.js`), `'use strict';\nconst settings = { name: 'service-${i}' };\n${crash}module.exports = settings;\n`);
  }
  writeFileSync(entry, `'use strict';\nconst loaded = [];\nfor (let i = 0; i < 150; i++) loaded.push(require('./m' + i + '.js'));\n`);
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
  return entry;
}
