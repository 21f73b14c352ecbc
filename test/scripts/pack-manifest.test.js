// The newcomer's path, from `npm pack`: install the tarball into a fresh app, crash once, open the
// dump with the command the crash line printed. The pack runs in a copy of the package whose
// `build` does nothing (dist/ is already built): rebuilding here would pull dist/ from under the
// test files running beside this one.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { run } from '../helpers/crash-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM_ENV = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

test('npm pack ships no install script and the LICENSE; installed in a fresh app, one crash opens with the printed command', async (t) => {
  const work = tempDir('wipeout-pack-');
  const copy = join(work, 'wipeout');
  const notInstalled = (path) => !path.includes('node_modules');
  for (const name of ['package.json', 'README.md', 'LICENSE', 'dist', 'docs', 'scripts', 'dump', 'editors']) cpSync(join(ROOT, name), join(copy, name), { recursive: true, filter: notInstalled });
  const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
  manifest.scripts.build = 'node -e ""';
  writeFileSync(join(copy, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: copy, env: NPM_ENV });
  t.is(packed.code, 0, packed.stderr);
  const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  const paths = files.map((file) => file.path);
  t.true(paths.includes('LICENSE'));
  t.true(paths.includes('dist/cli/main.js'));
  t.true(paths.includes('editors/vscode/src/extension.js'), 'the VS Code extension docs/editors.md builds ships');
  // Every relative link of a shipped document leads to a shipped file.
  let links = 0;
  for (const doc of paths.filter((path) => path.endsWith('.md'))) {
    for (const [, target] of readFileSync(join(copy, doc), 'utf8').matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)) {
      links++;
      const resolved = posix.normalize(posix.join(posix.dirname(doc), target)).replace(/\/$/, '');
      t.true(paths.some((path) => path === resolved || path.startsWith(`${resolved}/`)), `${doc} links to ${target}, which is shipped`);
    }
  }
  t.true(links > 20, `the docs' relative links were read (${links})`);
  // Source maps carry their sources, which are not shipped otherwise.
  for (const map of paths.filter((path) => path.endsWith('.js.map'))) {
    const { sources, sourcesContent } = JSON.parse(readFileSync(join(copy, map), 'utf8'));
    t.is(sourcesContent?.filter((text) => typeof text === 'string').length, sources.length, `${map} has sourcesContent`);
  }
  t.is(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).scripts.prepare, 'npm run build', 'postpack puts prepare back for the clone');

  const app = join(work, 'app');
  cpSync(join(ROOT, 'test/fixtures/crash/cjs-nested.cjs'), join(app, 'app.js'));
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }');
  const installed = await run('npm', ['install', '--prefer-offline', join(work, filename)], { cwd: app, env: NPM_ENV });
  t.is(installed.code, 0, installed.stderr);
  t.false(/install-scripts|install script/i.test(installed.stdout + installed.stderr), installed.stderr);
  const shipped = JSON.parse(readFileSync(join(app, 'node_modules/wipeout/package.json'), 'utf8'));
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) t.false(script in (shipped.scripts ?? {}), `no ${script} script`);

  const crash = await run(process.execPath, ['--import', 'wipeout/register', 'app.js'], { cwd: app });
  t.is(crash.code, 1);
  const command = /— open it with: (.+)$/m.exec(crash.stderr)?.[1];
  t.regex(command ?? crash.stderr, /^npx --no-install wipeout load \.\/wipeout-\S+\.wipeout$/);
  const dump = readdirSync(app).find((name) => name.endsWith('.wipeout'));
  const shown = await run('sh', ['-c', `npx --no-install wipeout show ${dump}`], { cwd: app, env: NPM_ENV });
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /^TypeError: Cannot read properties of undefined \(reading 'name'\)$/m);
  t.regex(shown.stdout, /^ {4}lineCount = 1$/m);
  const opened = await run('sh', ['-c', command], { cwd: app, env: { ...NPM_ENV, WIPEOUT_DEBUGGER: '0' } });
  t.is(opened.code, 0, opened.stderr);
  t.regex(opened.stdout, /^#0 parseOrder \(app\.js:4:\d+\)$/m);
});
