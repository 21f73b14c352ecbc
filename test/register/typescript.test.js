import test from 'ava';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDir, run, runFixture, STRIPS_TYPES } from '../helpers/crash-run.js';
import { runCli } from '../helpers/cli-run.js';
import { frameNamed, variables } from '../helpers/dump-query.js';

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

/** Copies the TypeScript fixture to a temp folder and compiles it with tsc (source maps on). */
async function compiled() {
  const dir = freshDir();
  cpSync(fileURLToPath(new URL('../fixtures/typescript/', import.meta.url)), dir, { recursive: true });
  const result = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')]);
  if (result.code !== 0) throw new Error(`tsc failed: ${result.stdout}${result.stderr}`);
  return dir;
}

test('a crash of a tsc-compiled program is mapped back to the .ts file, with the locals of every frame', async (t) => {
  const dir = await compiled();
  const result = await runFixture(join(dir, 'dist/app.js'), { dir });
  t.is(result.code, 1);
  const { dump, path } = result.dumps[0];
  const total = frameNamed(dump, 'total');
  t.like(total.original, { file: join(dir, 'src/app.ts'), line: 13 });
  t.is(total.line, 7, 'the generated position is kept');
  t.is(variables(total).count, 2);
  t.is(variables(frameNamed(dump, 'run')).invoice.t, 'ref');
  const original = dump.sources[total.original.source];
  t.is(original.role, 'original');
  t.true(original.text.includes('class Billing'));
  t.truthy(dump.sources[total.source].sourceMap);

  const show = await runCli(['show', path], { cwd: dir });
  t.is(show.code, 0);
  t.regex(show.stdout, /#\d+ .*total \(src\/app\.ts:13:\d+\)/);
  t.regex(show.stdout, /#\d+ .*run \(src\/app\.ts:21:\d+\)/);
  t.regex(show.stdout, />\s*13 .*throw new Error/);
  t.regex(show.stdout, /count\b.*2/);
  t.regex(show.stdout, /invoice\b.*inv-7/);
});

// Node 20 has no type stripping (`wipeout run` uses tsx there); the crash tests run on 22-26 too.
(STRIPS_TYPES ? test : test.skip)('a .ts file run through Node\'s type stripping keeps its real source, types and all', async (t) => {
  const result = await runFixture('type-stripped.ts');
  t.is(result.code, 1);
  const { dump } = result.dumps[0];
  const frame = frameNamed(dump, 'checkout');
  t.is(variables(frame).count, 2);
  const source = dump.sources[frame.source];
  t.true(source.text.includes('const count: number = cart.items.length;'));
  t.is(source.text, readFileSync(new URL('../fixtures/crash/type-stripped.ts', import.meta.url), 'utf8'));
});
