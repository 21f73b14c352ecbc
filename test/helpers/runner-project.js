// A throwaway project that uses a test runner and wipeout as a user's would: the fixture suite of
// test/fixtures/test-runners/<runner>/ and a node_modules where `wipeout` is this checkout (its
// built dist) beside this checkout's devDependencies. Mocha resolves `--require wipeout/mocha`
// from its own (real) path, so it is a copy there, not a link. The runner runs as a real child
// process, with or without wipeout in its configuration (WITH_WIPEOUT=1).
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE, run } from './crash-run.js';
import { tempDir } from './temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUITES = join(ROOT, 'test/fixtures/test-runners');
export const CLI = join(ROOT, 'dist/cli/main.js');

/** Where each runner's command line lives, relative to its package. */
const BINS = { vitest: 'vitest/vitest.mjs', jest: 'jest/bin/jest.js', mocha: 'mocha/bin/mocha.js' };

const COPIED = new Set(['mocha']);
let modules;

/** One node_modules per test worker, shared by its projects. */
function sharedModules() {
  if (modules) return modules;
  modules = join(tempDir('wipeout-modules-'), 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'wipeout' || name.startsWith('.')) continue;
    if (COPIED.has(name)) cpSync(join(ROOT, 'node_modules', name), join(modules, name), { recursive: true });
    else symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
  symlinkSync(ROOT, join(modules, 'wipeout'), 'dir');
  return modules;
}

/** A fresh project folder holding the runner's fixture suite. */
export function runnerProject(runner) {
  const dir = tempDir(`wipeout-${runner}-`);
  cpSync(join(SUITES, runner), dir, { recursive: true, filter: (from) => !/[\\/]node_modules$/.test(from) });
  symlinkSync(sharedModules(), join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * Runs the runner in `dir` with `args`: plain, or with wipeout (`hook`). Dumps go to a fresh
 * folder (WIPEOUT_TEST_DUMPS) unless `env` says otherwise. Resolves with the run and the folder.
 */
export async function runRunner(runner, dir, { hook, args = [], env = {} }) {
  const folder = join(tempDir('wipeout-dumps-'), 'dumps');
  const bin = join(sharedModules(), BINS[runner]);
  const result = await run(NODE, [bin, ...args], { cwd: dir, env: { WIPEOUT_TEST_DUMPS: folder, CI: '1', NO_COLOR: '1', ...(hook ? { WITH_WIPEOUT: '1' } : {}), ...env } });
  return { ...result, folder };
}

/** The `.wipeout` files in a folder (none when it does not exist). */
export function dumpFiles(folder) {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.wipeout')).sort().map((name) => join(folder, name)) : [];
}

/** `wipeout show --json DUMP`, run as the user would. */
export async function showJson(path) {
  const shown = await run(NODE, [CLI, 'show', '--json', path]);
  if (shown.code !== 0) throw new Error(`wipeout show failed (${shown.code}): ${shown.stderr}`);
  return JSON.parse(shown.stdout);
}

/** wipeout's own lines on stderr, and stderr without them. */
export function splitStderr(stderr) {
  const lines = stderr.split('\n');
  return { ours: lines.filter((line) => line.startsWith('wipeout:')), theirs: lines.filter((line) => !line.startsWith('wipeout:')).join('\n') };
}
