// The published manifest has no lifecycle script that an install would run. A clone needs
// `prepare` (npm install builds dist/ there), but npm warns about it on every install of the
// package, so `prepack` sets it aside under `_prepare` and `postpack` puts it back, the way pinst
// does for husky's postinstall. `node scripts/pack-manifest.js strip|restore`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const manifest = JSON.parse(text);
const scripts = manifest.scripts ?? {};
const [from, to] = process.argv[2] === 'restore' ? ['_prepare', 'prepare'] : ['prepare', '_prepare'];
if (process.argv[2] !== 'strip' && process.argv[2] !== 'restore') {
  console.error(`Expected \`strip\` or \`restore\`, got \`${process.argv[2] ?? ''}\``);
  process.exit(2);
}
if (from in scripts) {
  // Rebuilt key by key, so that the script keeps its place and the diff after a pack is empty.
  manifest.scripts = Object.fromEntries(Object.entries(scripts).map(([key, value]) => [key === from ? to : key, value]));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
