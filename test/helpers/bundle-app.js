// Builds the programs the source-map tests crash: an esbuild bundle of test/fixtures/bundle/src,
// and a TypeScript file run through tsx (tsx first, then the hook, as `wipeout run` orders them).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshDir, PRELOAD, runFixture } from './crash-run.js';

const require = createRequire(import.meta.url);
export const esbuild = require('esbuild');
export const TSX = pathToFileURL(require.resolve('tsx')).href.replace(/\/dist\/.*$/, '/dist/loader.mjs');
export const TSX_THEN_HOOK = ['--import', TSX, '--import', pathToFileURL(PRELOAD).href];
const BUNDLE_SRC = fileURLToPath(new URL('../fixtures/bundle/src/', import.meta.url));
const TYPED = fileURLToPath(new URL('../fixtures/loader/typed.ts', import.meta.url));

/**
 * Bundles test/fixtures/bundle/src (two .ts files) into `dist/app.js` of a fresh folder, as an
 * app's build would. `sourcemap`: esbuild's `linked` or `inline`, or `swc` for an inline map in
 * the form swc writes it (`;charset=utf-8;base64,`).
 */
export function bundle(sourcemap) {
  const dir = freshDir();
  cpSync(BUNDLE_SRC, join(dir, 'src'), { recursive: true });
  const outfile = join(dir, 'dist/app.js');
  esbuild.buildSync({ entryPoints: [join(dir, 'src/main.ts')], bundle: true, platform: 'node', sourcemap: sourcemap === 'swc' ? 'inline' : sourcemap, outfile, logLevel: 'error' });
  if (sourcemap === 'swc') {
    const text = readFileSync(outfile, 'utf8');
    writeFileSync(outfile, text.replace('sourceMappingURL=data:application/json;base64,', 'sourceMappingURL=data:application/json;charset=utf-8;base64,'));
  }
  return dir;
}

/**
 * test/fixtures/loader/typed.ts copied to `app.ts` of a fresh ES module package, crashed through
 * tsx. (Through tsx's CommonJS hook, tsx's own handled throws at start-up step the hook's pausing
 * down, and the dump is stack-only: see the branch report.)
 */
export async function crashThroughTsx(env = {}) {
  const dir = freshDir();
  cpSync(TYPED, join(dir, 'app.ts'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const result = await runFixture(join(dir, 'app.ts'), { dir, hook: false, nodeArgs: TSX_THEN_HOOK, env });
  return { dir, result };
}

/**
 * A require hook laid out as esbuild-register is (node_modules/esbuild-register/dist/node.js): it
 * compiles `.ts` in memory with esbuild and an inline map, as the real one does.
 */
const REGISTER_HOOK = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { transformSync } = require(${JSON.stringify(require.resolve('esbuild'))});
Module._extensions['.ts'] = function register(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', sourcemap: 'inline', sourcefile: filename });
  module._compile(code, filename);
};
`;

/** typed.ts as `app.ts`, crashed through that require hook (`node -r …/esbuild-register/dist/node.js`). */
export async function crashThroughRegisterHook(env = {}) {
  const dir = freshDir();
  const hook = join(dir, 'node_modules/esbuild-register/dist/node.js');
  mkdirSync(dirname(hook), { recursive: true });
  writeFileSync(hook, REGISTER_HOOK);
  cpSync(TYPED, join(dir, 'app.ts'));
  const result = await runFixture(join(dir, 'app.ts'), { dir, hook: 'require', nodeArgs: ['-r', hook], env });
  return { dir, result };
}
