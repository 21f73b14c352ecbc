// The full sequence a DAP client runs on `stopped`, over TCP, against a dump built by make-dump.js.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { makeDump, prop, ref, sampleDump, sha256, writeDump } from '../helpers/make-dump.js';
import { attachAndStop, closeClient, connect, errorOf, responseOf, startServer, variablesByName, within } from '../helpers/dap-server.js';

let server;
test.before(async () => {
  server = await startServer(writeDump(sampleDump()));
});
test.after.always(async () => {
  await server?.stop();
});

async function session(t, options) {
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  const started = await attachAndStop(dc, options);
  return { dc, ...started };
}

test('initialize announces what a saved crash supports, then initialized and a stopped event on the exception', async (t) => {
  const { initialize, stopped, output } = await session(t);
  t.like(initialize.body, {
    supportsConfigurationDoneRequest: true,
    supportsEvaluateForHovers: true,
    supportsExceptionInfoRequest: true,
    supportsLoadedSourcesRequest: true,
    supportsClipboardContext: true,
    supportsStepBack: false,
    // With it, VS Code kept a stray "Load More Stack Frames" row after a refused step.
    supportsDelayedStackTraceLoading: false,
  });
  t.like(stopped.body, { reason: 'exception', threadId: 1, allThreadsStopped: true });
  t.is(stopped.body.text, "TypeError: Cannot read properties of null (reading 'tax')");
  t.regex(stopped.body.description, /TypeError: Cannot read properties of null/);
  t.regex(output.body.output, /Uncaught TypeError: .* in Order\.total/);
  t.regex(output.body.output, /caused by RangeError: quantity out of range/);
});

test('configurationDone before attach still ends in one stopped event', async (t) => {
  const { stopped } = await session(t, { configurationFirst: true });
  t.is(stopped.body.reason, 'exception');
});

test('threads lists the crashed thread', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.threadsRequest();
  t.deepEqual(body.threads, [{ id: 1, name: 'main thread (crashed)' }]);
});

test('stackTrace shows TypeScript frames, hints Node frames and marks the async boundary with a label', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  t.is(body.totalFrames, 5);
  const [total, checkout, internal, label, main] = body.stackFrames;
  t.like(total, { id: 1, name: 'Order.total', line: 12, column: 24 });
  t.like(total.source, { name: 'order.ts', path: '/app/src/order.ts', sourceReference: 2 });
  t.is(total.presentationHint, undefined);
  t.like(checkout, { name: 'checkout', line: 5, column: 16 });
  t.like(checkout.source, { name: 'app.js', sourceReference: 3 });
  t.like(internal, { name: 'processTicksAndRejections', presentationHint: 'subtle' });
  t.is(internal.source.presentationHint, 'deemphasize');
  t.like(internal.source, { name: 'node:internal/process/task_queues', origin: "not in the dump: Node's internal module" });
  t.is(internal.source.path, undefined, 'no path: VS Code would read "node:…" as a URI nobody serves');
  t.true(internal.source.sourceReference > 0);
  t.is(label.presentationHint, 'label');
  t.like(main, { id: 4, name: 'async main', line: 7 });
});

test('the source of a Node internal frame is one line saying it was not captured, the same in every session', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  const { sourceReference } = body.stackFrames[2].source;
  const text = await dc.sourceRequest({ sourceReference, source: body.stackFrames[2].source });
  t.is(text.body.content, "// Not captured: node:internal/process/task_queues is one of Node's internal modules, whose text a dump does not hold.\n");
  t.is(text.body.mimeType, 'text/plain');
  const other = await session(t);
  t.is((await other.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[2].source.sourceReference, sourceReference);
});

test('the "not captured" text of a file the dump names with line breaks stays one line', async (t) => {
  const dump = sampleDump();
  dump.frames[2] = { ...dump.frames[2], url: 'node:evil\nexport const pass = true;', file: 'node:evil\nexport const pass = true;' };
  const own = await startServer(writeDump(dump));
  t.teardown(() => own.stop());
  const dc = await connect(own.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  const text = await dc.sourceRequest({ sourceReference: body.stackFrames[2].source.sourceReference });
  t.is(text.body.content, "// Not captured: node:evil\\x0aexport const pass = true; is one of Node's internal modules, whose text a dump does not hold.\n");
});

test('stackTrace honours startFrame and levels and always reports totalFrames', async (t) => {
  const { dc } = await session(t);
  const first = await dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 1 });
  t.deepEqual(first.body.stackFrames.map((f) => f.name), ['Order.total']);
  t.is(first.body.totalFrames, 5);
  const rest = await dc.stackTraceRequest({ threadId: 1, startFrame: 1, levels: 2 });
  t.deepEqual(rest.body.stackFrames.map((f) => f.name), ['checkout', 'processTicksAndRejections']);
  t.is(rest.body.totalFrames, 5);
});

test('scopes have hints and counts, and an Exception scope holds the error', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.scopesRequest({ frameId: 1 });
  t.deepEqual(body.scopes.map((s) => s.name), ['Block', 'Local', 'Closure (outer)', 'Exception']);
  t.like(body.scopes[0], { presentationHint: 'block', namedVariables: 2, expensive: false });
  t.like(body.scopes[1], { presentationHint: 'locals', namedVariables: 2 });
  const exception = await variablesByName(dc, body.scopes[3].variablesReference);
  t.regex(exception.message.value, /Cannot read properties of null/);
  t.regex(exception.cause.value, /RangeError: quantity out of range/);
  t.true(exception.cause.variablesReference > 0);
  t.is(exception.code.value, "'E_TAX'");
});

test('variables render values as Node does, with evaluateName and this first', async (t) => {
  const { dc } = await session(t);
  const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
  const block = await variablesByName(dc, scopes[0].variablesReference);
  t.deepEqual(Object.keys(block), ['this', 'missing']);
  t.like(block.this, { evaluateName: 'this', type: 'Order' });
  t.regex(block.this.value, /^Order \{ id: 42/);
  const order = await variablesByName(dc, block.this.variablesReference);
  t.like(order.id, { value: '42', evaluateName: 'this.id', variablesReference: 0 });
  t.like(order.items, { evaluateName: 'this.items', indexedVariables: 3 });
  const items = await variablesByName(dc, order.items.variablesReference, { filter: 'indexed' });
  t.like(items['1'], { evaluateName: 'this.items[1]', type: 'Item' });
  const customer = await variablesByName(dc, order.customer.variablesReference);
  t.is(customer.password.value, '[redacted string, 12 chars]');
  const self = await variablesByName(dc, order.self.variablesReference);
  t.is(self.id.value, '42', 'a cycle expands again, as it does in Node debuggers');
});

test('variables of a Map, a Set, a marker of cut items, and an accessor that is never called', async (t) => {
  const { dc } = await session(t);
  const scopes = (await dc.scopesRequest({ frameId: 2 })).body.scopes;
  const local = await variablesByName(dc, scopes[0].variablesReference);
  t.is(local.tags.value, "Map(2) { 'a' => 1, 'b' => 2 }");
  const entries = await variablesByName(dc, local.tags.variablesReference, { filter: 'indexed' });
  t.like(entries['0'], { evaluateName: '[...tags.entries()][0]' });
  const entry = await variablesByName(dc, entries['0'].variablesReference);
  t.like(entry.key, { value: "'a'", evaluateName: '[...tags.entries()][0][0]' });
  const seen = await variablesByName(dc, local.seen.variablesReference, { filter: 'indexed' });
  t.like(seen['1'], { value: "'x'", evaluateName: '[...seen][1]' });
  const big = await variablesByName(dc, local.big.variablesReference, { filter: 'named' });
  t.regex(big['…'].value, /999,997 more items/);
  t.is(big['…'].presentationHint.kind, 'virtual');
  t.is(big['…'].evaluateName, undefined);
  const cart = await variablesByName(dc, local.cart.variablesReference);
  t.is(cart.total.value, '[Getter: accessor, not run during capture]');
  t.is(cart.total.presentationHint.kind, 'property');
  t.is(local.huge.value, '123456789012345678901234567890n');
  t.is(local.negZero.value, '-0');
});

test('evaluate runs in the frame sandbox for repl, watch, hover and clipboard', async (t) => {
  const { dc } = await session(t);
  const repl = await dc.evaluateRequest({ expression: 'order.items.filter(i => i.qty > 2).length', frameId: 2, context: 'repl' });
  t.is(repl.body.result, '2');
  const watch = await dc.evaluateRequest({ expression: 'order.items', frameId: 2, context: 'watch' });
  t.is(watch.body.result, '[ [Item], [Item], [Item] ]');
  t.is(watch.body.indexedVariables, 3);
  const first = await variablesByName(dc, watch.body.variablesReference, { filter: 'indexed', start: 0, count: 1 });
  t.like(first['0'], { evaluateName: '(order.items)[0]' });
  const hover = await dc.evaluateRequest({ expression: 'this.taxRate', frameId: 1, context: 'hover' });
  t.is(hover.body.result, '0.2');
  const clipboard = await dc.evaluateRequest({ expression: 'customer.name', frameId: 2, context: 'clipboard' }).catch((e) => e);
  t.true(clipboard instanceof Error, 'customer is not a variable of checkout');
  const text = await dc.evaluateRequest({ expression: 'order.customer.name', frameId: 2, context: 'clipboard' });
  t.is(text.body.result, 'Ada');
  // An object is copied whole, pretty-printed, not as the one-line preview that repl shows.
  const copied = await dc.evaluateRequest({ expression: 'order.items', frameId: 2, context: 'clipboard' });
  t.regex(copied.body.result, /^\[\n {2}Item \{ price: 10, qty: 1 \},\n {2}Item \{ price: 5, qty: 3 \},\n {2}Item \{ price: 2, qty: 4 \}\n\]$/);
  const innermost = await dc.evaluateRequest({ expression: 'sum', frameId: 1, context: 'repl' });
  t.is(innermost.body.result, '28', 'inner scopes shadow outer ones');
});

test('evaluating a name the dump did not capture is an error that says so', async (t) => {
  const { dc } = await session(t);
  const message = await errorOf(dc.evaluateRequest({ expression: 'request.headers', frameId: 2, context: 'repl' }));
  t.regex(message, /request was not captured in frame #1 checkout/);
  t.regex(message, /captured there: order, count, tags/);
});

test('a watch or hover on a name the dump did not capture fails with the reason, without asking to notify the user', async (t) => {
  const { dc } = await session(t);
  for (const context of ['watch', 'hover']) {
    const response = await responseOf(dc, 'evaluate', { expression: 'request', frameId: 2, context });
    t.false(response.success);
    t.regex(response.message, /request was not captured in frame #1 checkout/, context);
    t.false(response.body.error.showUser, context);
  }
  // What the user typed in the REPL is answered there and in a notification.
  t.true((await responseOf(dc, 'evaluate', { expression: 'request', frameId: 2, context: 'repl' })).body.error.showUser);
});

test('exceptionInfo has the type, message, stack and the cause chain as innerException', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.exceptionInfoRequest({ threadId: 1 });
  t.is(body.exceptionId, 'TypeError');
  t.is(body.breakMode, 'unhandled');
  t.regex(body.description, /Cannot read properties of null/);
  t.like(body.details, { typeName: 'TypeError', message: "Cannot read properties of null (reading 'tax')" });
  t.regex(body.details.stackTrace, /at Order\.total/);
  const [mid] = body.details.innerException;
  t.like(mid, { typeName: 'RangeError', message: 'quantity out of range' });
  t.like(mid.innerException[0], { typeName: 'Error', message: 'disk on fire' });
  t.regex(mid.innerException[0].stackTrace, /at read/);
  // VS Code's exception widget shows only details.stackTrace: the causes follow the stack there.
  t.regex(body.details.stackTrace, /at Order\.total[^]*\n {2}\[cause\]: RangeError: quantity out of range[^]*\n {4}\[cause\]: Error: disk on fire\n {4}\s*at read/);
});

test('source serves embedded text; loadedSources lists every script in the dump', async (t) => {
  const { dc } = await session(t);
  const { body } = await dc.sourceRequest({ sourceReference: 2, source: { sourceReference: 2 } });
  t.regex(body.content, /export class Order \{/);
  // No MIME type for TypeScript: VS Code knows none (text/typescript opened as plain text) and
  // takes the language from the source's name, order.ts.
  t.is(body.mimeType, undefined);
  t.is((await dc.sourceRequest({ sourceReference: 3 })).body.mimeType, 'text/javascript');
  const loaded = await dc.send('loadedSources', {});
  t.deepEqual(loaded.body.sources.map((s) => s.name), ['order.js', 'order.ts', 'app.js']);
  t.true(loaded.body.sources.every((s) => s.sourceReference > 0 && /embedded/.test(s.origin)));
  t.regex(await errorOf(dc.sourceRequest({ sourceReference: 99 })), /no source #99: it has 3/);
});

test('completions offer captured names and properties', async (t) => {
  const { dc } = await session(t);
  const names = await dc.send('completions', { frameId: 2, text: 'or', column: 3 });
  t.true(names.body.targets.some((item) => item.label === 'order'));
  const props = await dc.send('completions', { frameId: 2, text: 'order.cu', column: 9 });
  t.deepEqual(props.body.targets.map((item) => item.label), ['customer']);
});

test('with --local-sources, a source whose local file still matches the dump is given by path', async (t) => {
  const text = 'function boom() {\n  const local = 1;\n  throw new Error("x");\n}\n';
  const dumpPath = writeDump(makeDump());
  const file = join(dumpPath, '..', 'boom.js');
  writeFileSync(file, text);
  const dump = makeDump({
    sources: [{ url: `file://${file}`, file, role: 'generated', text, sha256: sha256(text) }],
    frames: [{ functionName: 'boom', url: `file://${file}`, file, line: 3, column: 9, kind: 'user', source: 0, scopes: [{ type: 'local', variables: [prop('local', 1)] }] }],
    objects: [{ kind: 'error', className: 'Error', props: [], name: 'Error', message: 'x' }],
    error: ref(0),
  });
  const local = await startServer(writeDump(dump, { dir: join(file, '..'), name: 'local.wipeout' }), ['--local-sources']);
  t.teardown(() => local.stop());
  const dc = await connect(local.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stackTrace');
  t.deepEqual(body.stackFrames[0].source, { name: 'boom.js', path: file });
});

test('a thrown primitive is the one named variable of the Exception scope, under every filter', async (t) => {
  const dump = makeDump({
    frames: [{ functionName: 'fail', url: 'file:///app/a.js', file: '/app/a.js', line: 1, column: 1, kind: 'user', scopes: [] }],
    error: 'timeout',
    errorSummary: { name: 'string', message: 'timeout', causes: [] },
  });
  const local = await startServer(writeDump(dump));
  t.teardown(() => local.stop());
  const dc = await connect(local.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body: { stackFrames } } = await within(dc.stackTraceRequest({ threadId: 1 }), 'stackTrace');
  const { body: { scopes } } = await within(dc.scopesRequest({ frameId: stackFrames[0].id }), 'scopes');
  const exception = scopes.find((scope) => scope.name === 'Exception');
  t.like(exception, { namedVariables: 1, indexedVariables: undefined });
  const names = async (filter) => (await within(dc.variablesRequest({ variablesReference: exception.variablesReference, ...(filter ? { filter } : {}) }), 'variables')).body.variables.map((v) => v.name);
  t.deepEqual(await names(), ['exception']);
  t.deepEqual(await names('named'), ['exception']);
  t.deepEqual(await names('indexed'), []);
});
