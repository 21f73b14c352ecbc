// Bundles what the preload loads at start-up (register/install.ts and everything it imports) into
// the one file dist/register/install.js, in place of tsc's copy of it: one module to resolve,
// load and link instead of fifteen, which is a third of the hook's own start-up cost beyond
// V8's Debugger.enable (docs/PERFORMANCE.md). Two imports stay outside the bundle:
// - save-crash.js, the dump writer, which install.js requires at the first dump only;
// - intrinsics.js, the built-ins captured before the program runs: the writer's modules, loaded
//   later, must share that early copy, not capture the program's patched globals at the crash.
import { build } from 'esbuild';

const external = ['./save-crash.js', './intrinsics.js'];
await build({
  entryPoints: ['register/install.ts'],
  outfile: 'dist/register/install.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Keep the file's own relative imports as they are: they resolve beside the bundle in dist/register.
  plugins: [
    {
      name: 'keep-external',
      setup(build) {
        build.onResolve({ filter: /^\.\/(save-crash|intrinsics)\.js$/ }, (args) => (external.includes(args.path) ? { path: args.path, external: true } : undefined));
      },
    },
  ],
  logLevel: 'warning',
  allowOverwrite: true,
});
