// Generates an ES module app of `modules` files as `chains` import chains (see write-chains.js).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeChains } from './write-chains.js';

/** Writes the app under `dir` (once) and returns its entry file. */
export function generateEsmApp(dir, { modules = 1000, chains = 20 } = {}) {
  const entry = join(dir, 'index.mjs');
  if (existsSync(entry)) return entry;
  mkdirSync(dir, { recursive: true });
  const heads = writeChains(modules, chains, (id, nextId) => {
    const importNext = nextId === null ? 'const nextValue = 0;' : `import { value as nextValue } from './m${nextId}.mjs';`;
    writeFileSync(join(dir, `m${id}.mjs`), `${importNext}
export class Thing${id} {
  constructor(x) { this.x = x; }
  combine(y) { return this.x + y + (nextValue % 7); }
}
export const value = new Thing${id}(${id}).combine(1);
`);
  });
  const imports = heads.map((id) => `import { value as v${id} } from './m${id}.mjs';`).join('\n');
  const sum = heads.map((id) => `v${id}`).join(' + ');
  writeFileSync(entry, `${imports}\nif (!(${sum})) process.exitCode = 1;\n`);
  return entry;
}
