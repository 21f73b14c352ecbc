// The three ways each workload runs: plain node, with wipeout's preload, with Sentry's
// local-variables capture. A hook that is missing (not built yet) is reported as unavailable, and
// its rows print "n/a" instead of failing the whole benchmark.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Returns [{ name, nodeArgs, available, why }] for plain, wipeout and sentry. */
export function benchVariants(repo) {
  const wipeoutPreload = join(repo, 'dist', 'register', 'preload.js');
  let sentryInstalled = true;
  try { createRequire(join(repo, 'package.json')).resolve('@sentry/node'); } catch { sentryInstalled = false; }
  return [
    { name: 'plain', nodeArgs: [], available: true },
    {
      name: 'wipeout',
      nodeArgs: ['--import', wipeoutPreload],
      available: existsSync(wipeoutPreload),
      why: 'dist/register/preload.js is not built',
    },
    {
      name: 'sentry',
      nodeArgs: ['--import', join(repo, 'bench', 'lib', 'sentry-preload.mjs')],
      available: sentryInstalled,
      why: '@sentry/node is not installed',
    },
  ];
}
