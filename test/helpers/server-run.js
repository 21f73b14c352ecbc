// Starts a fixture server as a real Node process (with or without the built hook), reads its
// {"port": n} line, and makes requests to it; what test/integrations needs on top of crash-run.js.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { NODE, PRELOAD, readDumps } from './crash-run.js';

export const SERVER_FIXTURES = fileURLToPath(new URL('../fixtures/integrations/', import.meta.url));

/** Starts `fixture`; resolves with `{ port, stderr(), stop() }` once it listens. */
export async function startServer(fixture, { hook = true, env = {} } = {}) {
  const args = [...(hook ? ['--import', pathToFileURL(PRELOAD).href] : []), join(SERVER_FIXTURES, fixture)];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WIPEOUT') && name !== 'NODE_OPTIONS'));
  const child = spawn(NODE, args, { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${fixture} printed no port within 30 s: ${stderr}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const match = /\{"port":(\d+)\}/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${fixture} exited with ${code} before listening: ${stderr}`));
    });
  });
  return {
    port,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Headers that differ between any two responses, whoever sends them. */
const PER_RESPONSE = new Set(['date', 'keep-alive', 'connection']);

/** GETs `path`; resolves with `{ status, headers, body }`, without the headers that vary per response. */
export async function get(port, path, headers = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  const kept = {};
  for (const [name, value] of response.headers) if (!PER_RESPONSE.has(name)) kept[name] = value;
  return { status: response.status, headers: kept, body: await response.text() };
}

/** Waits until `dir` holds at least `count` dumps (or `timeoutMs` passes); returns them all. */
export async function dumpsIn(dir, count, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const dumps = readDumps(dir);
    if (dumps.length >= count || Date.now() > until) return dumps;
    await delay(50);
  }
}
