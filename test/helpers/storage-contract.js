// The contract every storage driver keeps, as one suite run against each driver's real server
// (unstorage's `testDriver` pattern). `setup` starts the server and resolves to:
//   base      a URL (or path) ending with `/` under which each test writes its own objects
//   options   storage options that work
//   bad       options with wrong credentials (when `credentials`)
//   down      { base, options } for a server that is not running (when `remote`)
//   stop      stops the server
// `list: false` says the scheme cannot list (HTTP): the listing case then expects that error.
import { randomBytes } from 'node:crypto';
import { listObjects, readObject, statObject, writeObject, StorageError } from '../../dist/storage/index.js';

const MB = 1024 * 1024;

/** Every string in the options that could be a secret: none may show in an error message. */
function secretsOf(options) {
  if (typeof options === 'string') return options.length >= 6 ? [options] : [];
  if (typeof options !== 'object' || options === null) return [];
  return Object.values(options).flatMap(secretsOf);
}

function assertClean(t, error, options) {
  t.true(error instanceof StorageError, `expected a StorageError, got ${error?.name}: ${error?.message}`);
  t.false(error.message.includes('\n'), 'the message is one line');
  for (const secret of secretsOf(options)) {
    if (!/^https?:\/\//.test(secret)) t.false(error.message.includes(secret), 'the message quotes no option value');
  }
}

export function storageContract(test, { name, setup, list = true, credentials = true, remote = true }) {
  let server;
  let counter = 0;
  // Each test gets a folder of its own, so that they can run concurrently.
  const folder = () => `${server.base}${randomBytes(4).toString('hex')}-${++counter}/`;

  test.before(async (t) => {
    server = await setup(t);
  });
  test.after.always(async () => {
    await server?.stop?.();
  });

  test(`${name}: an object written is read back byte for byte, and stat tells its size`, async (t) => {
    const url = `${folder()}crash.wipeout`;
    const data = Buffer.concat([randomBytes(100_000), Buffer.from([0, 255, 10, 13])]);
    await writeObject(url, data, server.options);
    const back = await readObject(url, server.options);
    t.true(Buffer.isBuffer(back));
    t.true(back.equals(data));
    const info = await statObject(url, server.options);
    t.is(info.size, data.length);
    t.is(info.name, 'crash.wipeout');
  });

  test(`${name}: listing a folder, or a name prefix in it, returns just its own objects`, async (t) => {
    const dir = folder();
    const inside = `${dir}crashes/`;
    for (const [file, size] of [['api-1.wipeout', 11], ['api-2.wipeout', 22], ['worker-1.wipeout', 33], ['deeper/api-3.wipeout', 1]]) {
      await writeObject(`${inside}${file}`, randomBytes(size), server.options);
    }
    await writeObject(`${dir}crashes-old/api-0.wipeout`, randomBytes(1), server.options);
    if (!list) {
      const error = await t.throwsAsync(listObjects(inside, server.options), { instanceOf: StorageError });
      t.is(error.code, 'unsupported');
      return;
    }
    const all = await listObjects(inside, server.options);
    t.deepEqual(all.map((entry) => [entry.name, entry.size]), [['api-1.wipeout', 11], ['api-2.wipeout', 22], ['worker-1.wipeout', 33]]);
    const withoutSlash = await listObjects(inside.slice(0, -1), server.options);
    t.deepEqual(withoutSlash.map((entry) => entry.name), ['api-1.wipeout', 'api-2.wipeout', 'worker-1.wipeout']);
    const prefixed = await listObjects(`${inside}api-`, server.options);
    t.deepEqual(prefixed.map((entry) => entry.name), ['api-1.wipeout', 'api-2.wipeout']);
    // Each listed URL reads the object it names.
    t.is((await readObject(prefixed[1].url, server.options)).length, 22);
    t.true(all.every((entry) => entry.mtime === undefined || entry.mtime instanceof Date));
  });

  test(`${name}: writing over an existing object is refused and the object is unchanged`, async (t) => {
    const url = `${folder()}crash.wipeout`;
    const first = randomBytes(1000);
    await writeObject(url, first, server.options);
    const error = await t.throwsAsync(writeObject(url, randomBytes(2000), server.options));
    assertClean(t, error, server.options);
    t.is(error.code, 'exists');
    t.regex(error.message, /already exists/);
    t.true((await readObject(url, server.options)).equals(first));
  });

  test(`${name}: a 50 MB dump is written and read back whole`, async (t) => {
    const url = `${folder()}big.wipeout`;
    const data = Buffer.alloc(50 * MB);
    for (let offset = 0; offset < data.length; offset += MB) randomBytes(64).copy(data, offset);
    await writeObject(url, data, server.options);
    const back = await readObject(url, server.options);
    t.is(back.length, data.length);
    t.true(back.equals(data));
  });

  test(`${name}: reading a missing object says it does not exist`, async (t) => {
    const url = `${folder()}missing.wipeout`;
    const error = await t.throwsAsync(readObject(url, server.options));
    assertClean(t, error, server.options);
    t.is(error.code, 'not-found');
    t.regex(error.message, /^Cannot read .*missing\.wipeout: .*(no such|does not exist)/);
    const statError = await t.throwsAsync(statObject(url, server.options));
    t.is(statError.code, 'not-found');
  });

  if (credentials) test(`${name}: wrong credentials give a clear error that quotes no secret`, async (t) => {
    const url = `${folder()}crash.wipeout`;
    const readError = await t.throwsAsync(readObject(url, server.bad));
    assertClean(t, readError, server.bad);
    t.is(readError.code, 'denied');
    const writeError = await t.throwsAsync(writeObject(url, randomBytes(10), server.bad));
    assertClean(t, writeError, server.bad);
    t.is(writeError.code, 'denied');
    t.regex(writeError.message, /^Cannot write /);
  });

  if (remote) test(`${name}: a server that is down gives a clear error`, async (t) => {
    const { base, options } = server.down;
    const error = await t.throwsAsync(writeObject(`${base}crash.wipeout`, randomBytes(10), options));
    assertClean(t, error, options);
    t.true(['unreachable', 'timeout'].includes(error.code), `code ${error.code}: ${error.message}`);
    t.regex(error.message, /127\.0\.0\.1/);
    const readError = await t.throwsAsync(readObject(`${base}crash.wipeout`, options));
    t.true(['unreachable', 'timeout'].includes(readError.code), `code ${readError.code}: ${readError.message}`);
  });
}
