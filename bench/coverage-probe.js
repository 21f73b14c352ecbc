// Step-1 companion to experiments.js: which crashes does each prototype preload pause on, and with
// how many frames? Runs tiny crash programs with PROBE_REPORT=1 and prints the first pause seen.
//   node bench/coverage-probe.js [--nodes /path/node,...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { runOnce } from './lib/measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', '..', '.cache', 'wipeout-bench', 'crashes');
mkdirSync(dir, { recursive: true });
const fixtures = {
  'CJS main sync': ['a.cjs', 'function f(o){ const local = 1; return o.x.y; }\nf({});\n'],
  'CJS timer': ['b.cjs', 'function f(o){ const local = 1; return o.x.y; }\nsetTimeout(() => f({}), 1);\n'],
  'ESM top-level call': ['c.mjs', 'function f(o){ const local = 1; return o.x.y; }\nf({});\n'],
  'async after await': ['d.cjs', 'async function f(o){ const local = 1; await null; return o.x.y; }\nf({});\n'],
};
for (const [file, text] of Object.values(fixtures)) writeFileSync(join(dir, file), text);

const proto = (name) => join(here, 'prototypes', name);
const variants = {
  '2 same-thread uncaught': [['--import', proto('same-thread.mjs')], { PROBE_STATE: 'uncaught' }],
  '4 all+budget': [['--import', proto('budget-all.mjs')], {}],
  '5 worker uncaught': [['--import', proto('worker.mjs')], { PROBE_STATE: 'uncaught' }],
  '6a uncaught+bp inactive': [['--import', proto('same-thread.mjs')], { PROBE_STATE: 'uncaught', PROBE_EXTRA: 'breakpoints-inactive' }],
  '6b uncaught+skipAll': [['--import', proto('same-thread.mjs')], { PROBE_STATE: 'uncaught', PROBE_EXTRA: 'skip-all' }],
  '4c all+budget→disable': [['--import', proto('budget-disable.mjs')], {}],
  '7 deferred + all+budget→disable': [['--import', proto('budget-disable.mjs')], { PROBE_DEFER: '1' }],
  '6d deferred enable uncaught': [['--import', proto('deferred-enable.mjs')], { PROBE_STATE: 'uncaught' }],
  '6c -r same-thread uncaught': [['-r', proto('same-thread.mjs')], { PROBE_STATE: 'uncaught' }],
};
const nodes = process.argv.includes('--nodes') ? process.argv[process.argv.indexOf('--nodes') + 1].split(',') : [process.execPath];
for (const node of nodes) {
  console.log(`\n### Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}: first pause (frames, uncaught flag)\n`);
  console.log(`| variant | ${Object.keys(fixtures).join(' | ')} |\n|---|${Object.keys(fixtures).map(() => '---').join('|')}|`);
  for (const [name, [nodeArgs, env]] of Object.entries(variants)) {
    const cells = Object.values(fixtures).map(([file]) => {
      if (file.endsWith('.mjs') && nodeArgs[0] === '-r') return '–';
      const { stderr } = runOnce({ node, nodeArgs, script: join(dir, file), env: { ...env, PROBE_REPORT: '1' } });
      const first = stderr.split('\n').find((line) => line.startsWith('PROBE'));
      if (!first) return 'no pause';
      const frames = /frames=(\d+)/.exec(first)[1];
      const uncaught = /uncaught=(\w+)/.exec(first)?.[1];
      return `${frames} frames${uncaught && uncaught !== 'undefined' ? `, uncaught=${uncaught}` : ''}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}
