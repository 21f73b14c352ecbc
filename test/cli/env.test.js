// `wipeout env`: NODE_OPTIONS with the hook by its absolute path, so that Node processes started
// from any folder preload it; the bare `--import=wipeout/register` fails where `wipeout` does not
// resolve.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, readDumps, run } from '../helpers/crash-run.js';
import { runCli } from '../helpers/cli-run.js';

function crashingScript() {
  const dir = freshDir();
  writeFileSync(join(dir, 'job.cjs'), "const step = 'resize';\nsetTimeout(() => { throw new Error(`job failed at ${step}`); });\n");
  return dir;
}

test('eval "$(wipeout env)" preloads the hook in a process started from a folder that cannot resolve wipeout', async (t) => {
  const printed = await runCli(['env'], { env: { NODE_OPTIONS: '--max-old-space-size=200' } });
  t.is(printed.code, 0, printed.stderr);
  t.regex(printed.stdout, /^export NODE_OPTIONS='--import=file:\/\/\/.*\/dist\/register\/preload\.js --max-old-space-size=200'\n$/);
  const dir = crashingScript();
  const child = await run('/bin/sh', ['-c', `${printed.stdout.trim().replace(' --max-old-space-size=200', '')}; cd "${dir}" && node job.cjs`], { cwd: dir, env: { WIPEOUT_FILE: join(dir, '{name}.wipeout') } });
  t.is(child.code, 1);
  t.regex(child.stderr, /^wipeout: crash saved to /m);
  t.is(readDumps(dir).length, 1);
});

test('the bare NODE_OPTIONS form fails in such a folder, as the README warns', async (t) => {
  const dir = crashingScript();
  const child = await run(process.execPath, ['job.cjs'], { cwd: dir, env: { NODE_OPTIONS: '--import=wipeout/register' } });
  t.is(child.code, 1);
  t.regex(child.stderr, /ERR_MODULE_NOT_FOUND/);
});

test('wipeout env takes no arguments', async (t) => {
  const { code, stderr } = await runCli(['env', 'extra']);
  t.is(code, 2);
  t.regex(stderr, /takes no arguments/);
});
