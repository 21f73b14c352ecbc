// Bundles what the preload loads at start-up (register/install.ts and everything it imports) into
// the one file dist/register/install.js, in place of tsc's copy of it: one module to resolve,
// load and link instead of fifteen, which is a third of the hook's own start-up cost beyond
// V8's Debugger.enable (docs/PERFORMANCE.md). Two imports stay outside the bundle:
// - save-crash.js, the dump writer, which install.js requires at the first dump only;
// - intrinsics.js, the built-ins captured before the program runs: the writer's modules, loaded
//   later, must share that early copy, not capture the program's patched globals at the crash.
// Node's own modules are taken with `process.getBuiltinModule`, not imported: an ES module import
// of `node:fs` builds its module namespace by reading every export, and the lazy ones (`promises`,
// `ReadStream`…) then load fs/promises and the streams: 10 ms of the hook's start-up on Node 24,
// for a CommonJS program that never asked for them.
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
      name: 'builtins-without-namespace',
      setup(build) {
        build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
        build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
      },
    },
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
