// Over DAP, through the real DebugClient: a crashed esbuild bundle's frames point at the original
// TypeScript files and lines, the async caller's too, with their text served as sources; a loader
// tool's frame (a require hook laid out as esbuild-register) says its variables were left out.
import { join } from 'node:path';
import test from 'ava';
import { bundle, crashThroughRegisterHook } from '../helpers/bundle-app.js';
import { runFixture } from '../helpers/crash-run.js';
import { attachAndStop, closeClient, connect, startServer, within } from '../helpers/dap-server.js';

/** Serves a dump and attaches a client, closed when the test ends. */
async function stopped(t, path) {
  const server = await startServer(path);
  t.teardown(() => server.stop());
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  return dc;
}

test('a bundle\'s frames, the async caller\'s too, are in the original files and lines, whose text the server sends', async (t) => {
  const dir = bundle('inline');
  const { dumps } = await runFixture(join(dir, 'dist/app.js'), { dir });
  const dc = await stopped(t, dumps[0].path);
  const { body } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stack');
  const charge = body.stackFrames.find((frame) => frame.name === 'charge');
  t.like(charge, { line: 11, source: { name: 'billing.ts', path: join(dir, 'src/billing.ts') } });
  const main = body.stackFrames.find((frame) => frame.name === 'async main');
  t.like(main, { line: 6, source: { name: 'main.ts', path: join(dir, 'src/main.ts') } });
  const source = await within(dc.sourceRequest({ source: charge.source, sourceReference: charge.source.sourceReference ?? 0 }), 'source');
  t.true(source.body.content.includes('export async function charge(customer: Customer, cents: number)'));
});

test('a loader tool\'s frame lists a scope saying its variables were not captured, then the exception', async (t) => {
  const { result } = await crashThroughRegisterHook();
  const dc = await stopped(t, result.dumps[0].path);
  const { body } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stack');
  const hookFrame = body.stackFrames.find((frame) => frame.name === 'register');
  t.truthy(hookFrame, JSON.stringify(body.stackFrames.map((frame) => frame.source?.path)));
  const scopes = await within(dc.scopesRequest({ frameId: hookFrame.id }), 'scopes');
  t.deepEqual(scopes.body.scopes.map((scope) => [scope.name, scope.variablesReference === 0]), [
    ["Not captured: a loader tool's frame (WIPEOUT_LOADER_SCOPES=1 keeps them)", true],
    ['Exception', false],
  ]);
  const total = body.stackFrames.find((frame) => frame.name === 'total');
  t.like(total, { line: 5, source: { name: 'app.ts' } });
});
