import test from 'ava';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listObjects, readObject, writeObject } from '../../dist/storage/index.js';
import { storageContract } from '../helpers/storage-contract.js';

const root = mkdtempSync(join(tmpdir(), 'wipeout-file-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));

storageContract(test, {
  name: 'plain paths',
  credentials: false,
  remote: false,
  setup: () => ({ base: `${root}/plain/`, options: {} }),
});

storageContract(test, {
  name: 'file://',
  credentials: false,
  remote: false,
  setup: () => ({ base: `${pathToFileURL(root).href}/url/`, options: {} }),
});

test('a written dump is private to its owner (mode 0600) and leaves no temporary file behind', async (t) => {
  const folder = join(root, 'mode');
  await writeObject(join(folder, 'crash.wipeout'), Buffer.from('dump'));
  t.is(statSync(join(folder, 'crash.wipeout')).mode & 0o777, 0o600);
  t.deepEqual(readdirSync(folder), ['crash.wipeout']);
});

test('a file:// listing gives file:// URLs and a relative path listing gives relative paths', async (t) => {
  const folder = join(root, 'urls');
  await writeObject(join(folder, 'a.wipeout'), Buffer.from('a'));
  const [viaUrl] = await listObjects(`${pathToFileURL(folder).href}/`);
  t.is(viaUrl.url, pathToFileURL(join(folder, 'a.wipeout')).href);
  t.is((await readObject(viaUrl.url)).toString(), 'a');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const [relative] = await listObjects('urls/');
    t.is(relative.url, join('urls', 'a.wipeout'));
  } finally {
    process.chdir(cwd);
  }
});
