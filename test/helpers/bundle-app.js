// Builds the programs the source-map tests crash: an esbuild bundle of test/fixtures/bundle/src,
// and a TypeScript file run through tsx (tsx first, then the hook, as `wipeout run` orders them).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

/** test/fixtures/loader/typed.ts copied to `app.ts` of a fresh folder, crashed through tsx (CommonJS). */
export async function crashThroughTsx(env = {}) {
  const dir = freshDir();
  cpSync(TYPED, join(dir, 'app.ts'));
  const result = await runFixture(join(dir, 'app.ts'), { dir, hook: false, nodeArgs: TSX_THEN_HOOK, env });
  return { dir, result };
}
