// Frames in the source the user wrote: an esbuild bundle (linked and inline maps), a TypeScript
// file run through tsx (its inline map), async callers; captured by the real hook, read by the
// real loader (`wipeout show`, the terminal debugger's `list`).
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, crashThroughRegisterHook, crashThroughTsx } from '../helpers/bundle-app.js';
import { runFixture } from '../helpers/crash-run.js';
import { replInput, runCli } from '../helpers/cli-run.js';
import { frameNamed } from '../helpers/dump-query.js';

const MAPS = { linked: 'a linked source map', inline: 'an inline source map', swc: "an inline source map in swc's charset=utf-8 form" };

for (const [sourcemap, what] of Object.entries(MAPS)) {
  test(`an esbuild bundle with ${what} shows the original files and lines, the async caller's too`, async (t) => {
    const dir = bundle(sourcemap);
    const result = await runFixture(join(dir, 'dist/app.js'), { dir });
    t.is(result.code, 1);
    const { dump, path } = result.dumps[0];
    const charge = frameNamed(dump, 'charge');
    t.is(charge.file, join(dir, 'dist/app.js'), 'the generated position is kept');
    t.not(charge.line, 11);
    t.like(charge.original, { file: join(dir, 'src/billing.ts'), line: 11 });
    t.true(dump.sources[charge.original.source].text.startsWith('export interface Customer {'), 'the original text comes from the map');
    const main = dump.frames.find((frame) => frame.async && frame.functionName === 'main');
    t.like(main.original, { file: join(dir, 'src/main.ts'), line: 6 });
    t.is(dump.sources[main.original.source].role, 'original');

    const show = await runCli(['show', path], { cwd: dir });
    t.regex(show.stdout, /^#0 charge \(src\/billing\.ts:11:\d+\) \[dist\/app\.js:\d+:\d+\]$/m);
    t.regex(show.stdout, /^ {4}> 11 {3}if \(cents < 5\) throw new RangeError/m);
    t.regex(show.stdout, /^#1 async main \(src\/main\.ts:6:\d+\)/m);

    const repl = await runCli(['load', path], { cwd: dir, input: replInput('list', 'up', 'list') });
    const [, first, , second] = repl.stdout.split('(wipeout) ');
    t.regex(first, /^> 11 {3}if \(cents < 5\)/m, 'list shows the original source');
    t.regex(first, /^ {3}8 export async function charge\(customer: Customer, cents: number\): Promise<number> \{$/m);
    t.regex(second, /^> {2}6 {3}const total: number = await charge\(customer, 3\);$/m, 'the async caller lists its original source');
  });
}

test('a TypeScript file run through tsx is mapped by the inline map tsx appends to what V8 runs', async (t) => {
  const { dir, result } = await crashThroughTsx();
  t.is(result.code, 1, result.stderr);
  const { dump, path } = result.dumps[0];
  t.is(dump.capture.method, 'pause');
  const total = frameNamed(dump, 'total');
  t.like(total.original, { file: join(dir, 'app.ts'), line: 5 });
  t.not(total.line, 5, 'V8 ran esbuild\'s output, on other lines');
  t.is(dump.sources[total.original.source].text, readFileSync(join(dir, 'app.ts'), 'utf8'), 'the original is the .ts file itself');
  t.is(dump.capture.problems.find((problem) => /source map/.test(problem)), undefined);

  const show = await runCli(['show', path], { cwd: dir });
  t.regex(show.stdout, /^#0 total \(app\.ts:5:\d+\) \[app\.ts:\d+:\d+\]$/m);
  t.regex(show.stdout, /^ {4}> 5 {3}throw new Error\(`total \$\{sum\} is too high`\);$/m);
});

test('with --enable-source-maps, the async caller Node already mapped in the stack string is not mapped twice', async (t) => {
  const dir = bundle('linked');
  const result = await runFixture(join(dir, 'dist/app.js'), { dir, nodeArgs: ['--enable-source-maps'] });
  t.regex(result.stderr, /at async main \(.*src\/main\.ts:6:\d+\)/, 'Node printed the mapped stack');
  const { dump, path } = result.dumps[0];
  t.like(frameNamed(dump, 'charge').original, { file: join(dir, 'src/billing.ts'), line: 11 }, 'the paused frame is mapped from its generated position');
  const main = dump.frames.find((frame) => frame.async && frame.functionName === 'main');
  t.like(main, { file: join(dir, 'src/main.ts'), line: 6, original: { file: join(dir, 'src/main.ts'), line: 6 } });
  t.is(main.source, undefined, 'not linked to the bundle, whose line 6 is another one');
  const repl = await runCli(['load', path], { cwd: dir, input: replInput('up', 'list') });
  t.regex(repl.stdout.split('(wipeout) ')[2], /^> {2}6 {3}const total: number = await charge\(customer, 3\);$/m);
});

test('a require hook under node_modules/esbuild-register is a loader tool: its frame keeps no scopes nor script unless asked, the program\'s frames are mapped', async (t) => {
  const { dir, result } = await crashThroughRegisterHook();
  t.is(result.code, 1, result.stderr);
  const { dump, path } = result.dumps[0];
  const total = frameNamed(dump, 'total');
  t.like(total.original, { file: join(dir, 'app.ts'), line: 5 });
  t.true(total.scopes[0].variables.length > 0, 'the program\'s frame keeps its scopes');
  const hook = frameNamed(dump, 'register');
  t.like(hook, { loaderTool: true, scopes: [], source: undefined });
  t.is(hook.this, undefined);
  t.false(dump.sources.some((source) => /esbuild-register/.test(source.file)), 'the hook\'s own script is not embedded');

  const repl = await runCli(['load', path], { cwd: dir, input: replInput(`frame ${dump.frames.indexOf(hook)}`) });
  t.regex(repl.stdout, /A frame of a tool that only loads the program: its variables were not captured \(WIPEOUT_LOADER_SCOPES=1 keeps them\)\./);

  const asked = (await crashThroughRegisterHook({ WIPEOUT_LOADER_SCOPES: '1' })).result.dumps[0].dump;
  t.true(frameNamed(asked, 'register').scopes.length > 0, 'WIPEOUT_LOADER_SCOPES=1 keeps them');
});
