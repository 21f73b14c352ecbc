// Finishes `tsc`'s output: files tsc does not emit, and the CLI's executable bit.
import { chmodSync, copyFileSync, existsSync } from 'node:fs';

copyFileSync('register/preload.cjs', 'dist/register/preload.cjs');
copyFileSync('dap-server/main.cjs', 'dist/dap-server/main.cjs');
if (existsSync('dump/schema.json')) copyFileSync('dump/schema.json', 'dist/dump/schema.json');
if (existsSync('dist/cli/main.js')) chmodSync('dist/cli/main.js', 0o755);
// The preload's start-up graph as one file (see bundle-hook.js).
await import('./bundle-hook.js');
