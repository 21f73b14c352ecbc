// Real handled-error dumps, as the Express integration writes them: the first of a fingerprint,
// then (after duplicates within the window, which are counted) the next one, which says how many
// it skipped. For tests of what show and list make of them.
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { freshDir } from './crash-run.js';
import { dumpsIn, get, startServer } from './server-run.js';

/** Headers with secrets, which the dump must hold only as `[redacted]`. */
export const REQUEST_HEADERS = { authorization: 'Bearer tok-abc-123', cookie: 'sid=s3cr3t-sid-value; theme=dark', 'x-request-id': 'req-7' };
/** Long enough for a request and its duplicates on a loaded machine. */
const WINDOW_MS = 4_000;

/** Two dumps of one handled error in `dir`: `{ dir, first, next }`, each `{ path, dump }`. */
export async function makeHandledDumps(dir = freshDir()) {
  const env = { WITH_WIPEOUT: '1', WIPEOUT_FILE: join(dir, 'handled-{id}.wipeout'), WIPEOUT_HANDLED_WINDOW: `${WINDOW_MS / 1000}s` };
  const server = await startServer('express-app.mjs', { env });
  try {
    // Express's start-up may trip the hook's script cool-down (docs/capture.md): wait it out.
    await delay(1_500);
    await get(server.port, '/orders/42', REQUEST_HEADERS);
    const answeredAt = Date.now();
    const [first] = await dumpsIn(dir, 1);
    if (!first) throw new Error(`no handled dump was written: ${server.stderr()}`);
    for (const id of [43, 44, 45]) await get(server.port, `/orders/${id}`);
    await delay(Math.max(0, answeredAt + WINDOW_MS + 200 - Date.now()));
    await get(server.port, '/orders/46');
    const next = (await dumpsIn(dir, 2)).find((entry) => entry.dump.id !== first.dump.id);
    if (!next) throw new Error(`no second handled dump was written: ${server.stderr()}`);
    return { dir, first, next };
  } finally {
    await server.stop();
  }
}
