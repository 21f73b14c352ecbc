import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CliError } from './exit.js';

const TS = /\.(ts|mts|cts)$/i;

/**
 * The Node flags that let a TypeScript script run: none when this Node strips types by default,
 * `--experimental-strip-types` on 22.6–23.5, else tsx's loader when tsx can be found from `cwd`.
 * Plain JavaScript needs none.
 */
export function typeScriptArgs(script: string, cwd = process.cwd(), version = process.versions.node): string[] {
  if (!TS.test(script)) return [];
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const features = process.features as { typescript?: unknown };
  if (features.typescript) return [];
  if (major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return [];
  if ((major === 22 && minor >= 6) || major === 23) return ['--experimental-strip-types'];
  try {
    createRequire(join(cwd, 'noop.js')).resolve('tsx');
    // Node resolves a bare --import from the current directory, where tsx was just found.
    return ['--import', 'tsx'];
  } catch {
    throw new CliError(
      `Cannot run ${script}: Node ${version} cannot strip TypeScript types. Install tsx (npm install --save-dev tsx) or use Node 22.6 or later`,
    );
  }
}
