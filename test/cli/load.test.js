import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { replInput, runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';

const file = writeDump(sampleDump());

/** A directory with a debugger module, and a package `my-debugger` with a named export. */
function debuggerDir() {
  const dir = tempDir('wipeout-debugger-');
  writeFileSync(join(dir, 'my.mjs'), 'export default (model) => console.log(`custom: ${model.exception.name} in ${model.frames[0].name}`);\n');
  writeFileSync(join(dir, 'broken.mjs'), 'throw new Error("broken on purpose");\n');
  writeFileSync(join(dir, 'not-a-function.mjs'), 'export default 42;\n');
  mkdirSync(join(dir, 'node_modules', 'my-debugger'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'my-debugger', 'package.json'), '{"name":"my-debugger","main":"index.js"}');
  writeFileSync(join(dir, 'node_modules', 'my-debugger', 'index.js'), 'exports.open = (model) => console.log(`package: ${model.frames.length} frames`);\n');
  return dir;
}

test('load opens the terminal debugger by default', async (t) => {
  const { code, stdout } = await runCli(['load', file], { input: replInput('p count') });
  t.is(code, 0);
  t.regex(stdout, /\(wipeout\) /);
});

test('load --file works like the positional form', async (t) => {
  const { code, stdout } = await runCli(['load', '--file', file, '--debugger', '0']);
  t.is(code, 0);
  t.regex(stdout, /^#0 Order\.total/m);
});

test('WIPEOUT_DEBUGGER=0 prints the summary and exits 0', async (t) => {
  const { code, stdout } = await runCli(['load', file], { env: { WIPEOUT_DEBUGGER: '0' } });
  t.is(code, 0);
  t.regex(stdout, /^TypeError: Cannot read properties of null/);
  t.false(stdout.includes('(wipeout)'));
});

test('--debugger beats WIPEOUT_DEBUGGER', async (t) => {
  const { code, stdout } = await runCli(['load', file, '--debugger', '0'], { env: { WIPEOUT_DEBUGGER: './missing.js' } });
  t.is(code, 0);
  t.regex(stdout, /^#1 checkout/m);
});

test('a module debugger from the current directory is called with the loaded dump', async (t) => {
  const { code, stdout } = await runCli(['load', file], { cwd: debuggerDir(), env: { WIPEOUT_DEBUGGER: './my.mjs' } });
  t.is(code, 0);
  t.is(stdout, 'custom: TypeError in Order.total\n');
});

test('a package debugger with a named export is resolved from the current directory', async (t) => {
  const { code, stdout } = await runCli(['load', file, '--debugger', 'my-debugger#open'], { cwd: debuggerDir() });
  t.is(code, 0);
  t.is(stdout, 'package: 4 frames\n');
});

const fails = test.macro({
  async exec(t, spec, message) {
    const { code, stdout, stderr } = await runCli(['load', file], { cwd: debuggerDir(), env: { WIPEOUT_DEBUGGER: spec } });
    t.is(code, 1);
    t.is(stdout, '');
    t.regex(stderr, message);
    t.is(stderr.trim().split('\n').length, 1, 'one line');
  },
  title: (_, spec) => `the debugger "${spec}" gets one clear message and exit 1`,
});
test(fails, 'dap:notaport', /^Expected a port from 0 to 65535 in the debugger "dap:notaport", got "notaport" \(from WIPEOUT_DEBUGGER\)/);
test(fails, 'not a module', /^Unknown debugger "not a module"/);
test(fails, 'inspect:notaport', /^Expected a port from 0 to 65535 in the debugger "inspect:notaport", got "notaport" \(from WIPEOUT_DEBUGGER\)/);
test(fails, './missing.mjs', /^Cannot find the debugger module "\.\/missing\.mjs" from \S+: no such file\n$/);
test(fails, './broken.mjs', /^Cannot load the debugger module "\.\/broken\.mjs": broken on purpose/);
test(fails, './not-a-function.mjs', /^Expected the debugger module "\.\/not-a-function\.mjs" to export a function as "default", got number/);
test(fails, 'no-such-package', /^Cannot find the debugger module "no-such-package"/);

test('--host without a DAP server is a usage mistake', async (t) => {
  const { code } = await runCli(['load', file, '--host', '0.0.0.0']);
  t.is(code, 2);
});

test('--inspect with a bad port is one clear message naming --inspect, exit 1', async (t) => {
  const { code, stderr } = await runCli(['load', file, '--inspect', 'x']);
  t.is(code, 1);
  t.regex(stderr, /^Expected a port from 0 to 65535 in the debugger "inspect:x", got "x" \(from --inspect\)\n$/);
});

test('--dap and --inspect together are a usage mistake', async (t) => {
  const { code, stderr } = await runCli(['load', file, '--dap', '1', '--inspect', '2']);
  t.is(code, 2);
  t.regex(stderr, /--dap and --inspect each start a server: choose one/);
});
