// Generates a CommonJS app of `modules` files, each with a small class, as `chains` independent
// require chains (see write-chains.js).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeChains } from './write-chains.js';

/** Writes the app under `dir` (once: an existing app is reused) and returns its entry file. */
export function generateCjsApp(dir, { modules = 3000, chains = 30 } = {}) {
  const entry = join(dir, 'index.js');
  if (existsSync(entry)) return entry;
  mkdirSync(dir, { recursive: true });
  const heads = writeChains(modules, chains, (id, nextId) => writeFileSync(join(dir, `m${id}.js`), moduleSource(id, nextId)));
  const requires = heads.map((id) => `total += require('./m${id}.js').value;`).join('\n');
  writeFileSync(join(dir, 'index.js'), `'use strict';\nlet total = 0;\n${requires}\nif (!total) process.exitCode = 1;\n`);
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
  return entry;
}

function moduleSource(id, nextId) {
  return `'use strict';
const next = ${nextId === null ? 'null' : `require('./m${nextId}.js')`};
class Thing${id} {
  constructor(x) { this.x = x; this.label = 'thing-${id}'; }
  get double() { return this.x * 2; }
  combine(y) { return this.x + y + (next ? next.value % 7 : 0); }
}
module.exports = { Thing${id}, value: new Thing${id}(${id}).combine(1) };
`;
}
