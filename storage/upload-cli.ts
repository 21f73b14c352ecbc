// The child process of uploadAtCrash: reads `{ localPath, url, storageOptions }` as JSON on
// stdin, uploads the file with writeObject and prints one JSON line, `{ ok: true, url }` or
// `{ ok: false, message }`, on stdout. Its stderr is never shown to the user.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeObject } from './objects.js';
import { parseStorageOptions } from './parse-storage-options.js';
import { displayUrl } from './parse-url.js';
import type { StorageOptions } from './types.js';

interface Request {
  localPath: string;
  url: string;
  storageOptions?: StorageOptions;
  storageOptionsFromEnv?: boolean;
}

async function main(): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  let request: Request;
  try {
    request = JSON.parse(readFileSync(0, 'utf8')) as Request;
  } catch {
    return { ok: false, message: 'Cannot upload: the upload process received no valid request' };
  }
  try {
    const options = request.storageOptionsFromEnv ? parseStorageOptions(process.env.WIPEOUT_STORAGE_OPTIONS) : (request.storageOptions ?? {});
    let data: Buffer;
    try {
      data = await readFile(request.localPath);
    } catch (error) {
      return { ok: false, message: `Cannot write ${displayUrl(request.url)}: the local dump ${request.localPath} cannot be read (${(error as { code?: string }).code ?? 'error'})` };
    }
    await writeObject(request.url, data, options);
    return { ok: true, url: request.url };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: message.split('\n', 1)[0] || `Cannot write ${displayUrl(request.url)}` };
  }
}

const reply = await main();
process.stdout.write(`${JSON.stringify(reply)}\n`, () => process.exit(reply.ok ? 0 : 1));
