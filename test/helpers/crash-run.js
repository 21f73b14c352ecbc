// Runs a crash fixture as a real Node process, with and without the built hook, and reads the
// dumps it left. WIPEOUT_TEST_NODE picks the Node binary (.ci/run sets it to 22, 24 and 26).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeDump } from '../../dist/dump/index.js';
import { tempDir } from './temp-dir.js';

export const NODE = process.env.WIPEOUT_TEST_NODE || process.execPath;
export const PRELOAD = fileURLToPath(new URL('../../dist/register/preload.js', import.meta.url));
export const PRELOAD_CJS = fileURLToPath(new URL('../../dist/register/preload.cjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/crash/', import.meta.url));

/** The major version of the Node binary under test. */
export const NODE_MAJOR = Number(
  (await run(NODE, ['-p', 'process.versions.node'], { env: {} })).stdout.trim().split('.')[0],
);

/** Whether the Node binary under test runs `.ts` files itself (type stripping, 22.18+ and 23.6+). */
export const STRIPS_TYPES = (await run(NODE, ['-p', 'Boolean(process.features.typescript)'], { env: {} })).stdout.trim() === 'true';

/** A fresh folder for one run's dumps. */
export function freshDir() {
  return tempDir('wipeout-test-');
}

/**
 * Runs `fixture` (a file in test/fixtures/crash, or an absolute path). `hook`: `'import'`
 * (`--import`), `'require'` (`-r`) or `false`. Returns `{ code, signal, stdout, stderr, pid, dir, dumps }`,
 * `dumps` being `{ path, dump }` for every `.wipeout` file left in `dir`.
 */
export async function runFixture(fixture, { hook = 'import', args = [], env = {}, dir = freshDir(), cwd = dir, nodeArgs = [] } = {}) {
  const file = fixture.startsWith('/') ? fixture : join(FIXTURES, fixture);
  const hookArgs = hook === 'import' ? ['--import', pathToFileURL(PRELOAD).href] : hook === 'require' ? ['-r', PRELOAD_CJS] : [];
  const result = await run(NODE, [...hookArgs, ...nodeArgs, file, ...args], {
    cwd,
    env: { WIPEOUT_FILE: join(dir, '{name}-{pid}.wipeout'), ...env },
  });
  return { ...result, dir, dumps: readDumps(dir) };
}

const AGE_HEADER = 'age-encryption.org/v1';

/** Every dump in a folder: decoded, or `{ encrypted: true }` for an age-encrypted one. */
export function readDumps(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.wipeout'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      const path = join(dir, name);
      if (bytes.subarray(0, AGE_HEADER.length).toString('latin1') === AGE_HEADER) return { path, encrypted: true };
      return { path, dump: decodeDump(bytes, name) };
    });
}

/** Runs a command; resolves with `{ code, signal, stdout, stderr, pid }` (`pid`: the child's). */
export function run(command, args, { cwd = process.cwd(), env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid }));
  });
}

/** The test runner's environment without anything that would change how a fixture runs. */
function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('WIPEOUT') || name === 'NODE_OPTIONS' || name.startsWith('AVA') || name === 'NODE_CHANNEL_FD') delete env[name];
  }
  return env;
}

/** stderr without wipeout's own line, which must be the only line the hook adds. */
export function withoutHookLine(stderr) {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('wipeout: '))
    .join('\n');
}

/**
 * What a user reads of a crash: stderr without Node's internal frames (any `--import` preload,
 * even an empty one, changes those for a CommonJS entry point: it is loaded through the ESM loader).
 */
export function userVisible(stderr) {
  return stderr
    .split('\n')
    .filter((line) => !/^\s+at .*node:internal\//.test(line) && !/^\s+at (async )?(ModuleJob|ModuleLoader|.*\(node:)/.test(line))
    .join('\n');
}

/**
 * stderr without Node's source-line header (`file:line`, the line, the caret, a blank line). When
 * an error escapes through a promise (ES modules, async functions, a CommonJS entry loaded by
 * `--import`), pausing at its throw makes that header point into Node's own code: V8 formats the
 * error's stack to describe the pause, and Node can no longer locate the throw. A documented
 * difference (docs/capture.md); everything after the header must match exactly.
 */
export function withoutSourceHeader(stderr) {
  const lines = stderr.split('\n');
  const header = lines.findIndex((line) => /^(file:\/\/|node:|\/).*:\d+$/.test(line));
  if (header === -1) return stderr;
  const blank = lines.indexOf('', header);
  return [...lines.slice(0, header), ...lines.slice(blank + 1)].join('\n');
}
