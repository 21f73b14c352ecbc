// The inspector and the DAP adapter serve the same dump: the same frames, variables and answers.
import { join } from 'node:path';
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { attachAndStop, closeClient, connect, errorOf, FIXTURES, startServer, within } from '../helpers/dap-server.js';
import { attach, connectCdp, startInspector } from '../helpers/cdp-server.js';

test('frames, the top frame\'s variables and evaluation match between CDP and DAP for one crash', async (t) => {
  const { dumps } = await runFixture(join(FIXTURES, 'async-checkout.cjs'));
  const path = dumps[0].path;
  const [dapServer, cdpServer] = await Promise.all([startServer(path), startInspector(path)]);
  t.teardown(() => Promise.all([dapServer.stop(), cdpServer.stop()]));
  const dc = await connect(dapServer.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const cdp = await connectCdp(cdpServer.url);
  t.teardown(() => cdp.close());
  const { paused } = await attach(cdp);

  // Frames: DAP's rows (without its async label) are CDP's call frames, then its async stack.
  const { body } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stack');
  const dapFrames = body.stackFrames.filter((frame) => frame.presentationHint !== 'label').map((frame) => [frame.name.replace(/^async /, ''), frame.line]);
  const cdpFrames = [...paused.callFrames, ...(paused.asyncStackTrace?.callFrames ?? [])].map((frame) => [frame.functionName || '<anonymous>', (frame.location?.lineNumber ?? frame.lineNumber) + 1]);
  t.deepEqual(cdpFrames, dapFrames);

  // The top frame's local variables: the same names, and the same values where both carry one.
  const scopes = await within(dc.scopesRequest({ frameId: body.stackFrames[0].id }), 'scopes');
  const dapVars = (await within(dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference }), 'variables')).body.variables.filter((v) => v.name !== 'this');
  const local = await cdp.call('Runtime.getProperties', { objectId: paused.callFrames[0].scopeChain[0].object.objectId, ownProperties: true });
  t.deepEqual(local.result.result.map((p) => p.name), dapVars.map((v) => v.name));
  for (const v of dapVars) {
    const remote = local.result.result.find((p) => p.name === v.name).value;
    if (remote.type === 'number') t.is(String(remote.value), v.value, v.name);
    if (remote.type === 'object' && remote.subtype === 'error') t.is(remote.description, v.value, v.name);
    if (remote.className && remote.subtype !== 'error') t.is(remote.className, v.type, v.name);
  }

  // Evaluation: the same result, and the same words for a name the dump did not capture.
  const frameId = body.stackFrames[0].id;
  for (const expression of ['readings.length', 'order.items.map((i) => i.qty).join("+")', 'rates.get("DE")']) {
    const dap = await within(dc.evaluateRequest({ expression, frameId, context: 'repl' }), 'evaluate');
    const answer = await cdp.call('Debugger.evaluateOnCallFrame', { callFrameId: paused.callFrames[0].callFrameId, expression });
    const shown = answer.result.result.type === 'string' ? `'${answer.result.result.value}'` : String(answer.result.result.value);
    t.is(shown, dap.body.result, expression);
  }
  const dapError = await errorOf(dc.evaluateRequest({ expression: 'nowhere', frameId, context: 'repl' }));
  const cdpError = await cdp.call('Debugger.evaluateOnCallFrame', { callFrameId: paused.callFrames[0].callFrameId, expression: 'nowhere' });
  t.is(cdpError.result.exceptionDetails.exception.description, `ReferenceError: ${dapError}`);
});
