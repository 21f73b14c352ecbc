// The attach sequence DevTools and VS Code's js-debug send to `node --inspect`, against the
// inspector serving a dump that a real crash (test/fixtures/dap/async-checkout.cjs) left.
import { join } from 'node:path';
import test from 'ava';
import { runFixture } from '../helpers/crash-run.js';
import { FIXTURES, GOLDEN } from '../helpers/dap-server.js';
import { attach, connectCdp, propertiesByName, startInspector } from '../helpers/cdp-server.js';

let server;
let dumpPath;
let crashDump;
test.before(async () => {
  const { dumps } = await runFixture(join(FIXTURES, 'async-checkout.cjs'));
  dumpPath = dumps[0].path;
  crashDump = dumps[0].dump;
  server = await startInspector(dumpPath);
});
test.after.always(async () => {
  await server?.stop();
});

async function attached(t, url = server.url) {
  const client = await connectCdp(url);
  t.teardown(() => client.close());
  return { client, ...(await attach(client)) };
}

test('Runtime.enable announces the one execution context', async (t) => {
  const client = await connectCdp(server.url);
  t.teardown(() => client.close());
  await client.call('Runtime.enable');
  const { context } = await client.event('Runtime.executionContextCreated');
  t.like(context, { id: 1, auxData: { isDefault: true } });
});

test('Debugger.enable parses every script of the stack, then pauses on the exception with the thrown error', async (t) => {
  const { paused, scripts } = await attached(t);
  t.is(paused.reason, 'exception');
  t.like(paused.data, { type: 'object', subtype: 'error', className: 'TypeError' });
  t.regex(paused.data.description, /^TypeError: cannot total order 7\n\s+at checkout/);
  const fixture = scripts.find((script) => script.url.endsWith('async-checkout.cjs'));
  t.truthy(fixture);
  // Every frame points into a script the client was told about.
  for (const frame of paused.callFrames) t.true(scripts.some((script) => script.scriptId === frame.location.scriptId), frame.functionName);
});

test('the top frame is checkout at the throw, with its local scope and this; the awaiting main is in asyncStackTrace', async (t) => {
  const { paused } = await attached(t);
  const [top] = paused.callFrames;
  t.like(top, { functionName: 'checkout', location: { lineNumber: 18 } });
  t.is(top.scopeChain[0].type, 'local');
  t.truthy(top.scopeChain[0].object.objectId);
  t.truthy(top.this);
  t.deepEqual(paused.asyncStackTrace.callFrames.map((frame) => [frame.functionName, frame.lineNumber]), [['main', 23]]);
});

test('getProperties on the local scope gives the captured variables as RemoteObjects', async (t) => {
  const { client, paused } = await attached(t);
  const locals = await propertiesByName(client, paused.callFrames[0].scopeChain[0].object.objectId);
  t.like(locals.order, { type: 'object', className: 'Order' });
  t.like(locals.readings, { type: 'object', subtype: 'array', description: 'Array(500)' });
  t.like(locals.rates, { type: 'object', subtype: 'map', description: 'Map(2)' });
  t.like(locals.root, { type: 'object', subtype: 'error' });
  const order = await propertiesByName(client, locals.order.objectId);
  t.like(order.id, { type: 'number', value: 7 });
});

test('a Map lists its entries under [[Entries]], each with key and value', async (t) => {
  const { client, paused } = await attached(t);
  const locals = await propertiesByName(client, paused.callFrames[0].scopeChain[0].object.objectId);
  const { result } = await client.call('Runtime.getProperties', { objectId: locals.rates.objectId, ownProperties: true });
  const entries = result.internalProperties.find((p) => p.name === '[[Entries]]');
  t.truthy(entries);
  const first = (await client.call('Runtime.getProperties', { objectId: entries.value.objectId, ownProperties: true })).result.result[0];
  const pair = await propertiesByName(client, first.value.objectId);
  t.like(pair.key, { type: 'string', value: 'FR' });
  t.like(pair.value, { type: 'number', value: 0.2 });
});

test('the cause chain is reachable from the exception object', async (t) => {
  const { client, paused } = await attached(t);
  const error = await client.call('Runtime.getProperties', { objectId: paused.data.objectId, ownProperties: true });
  const cause = [...error.result.result, ...(error.result.internalProperties ?? [])].find((p) => p.name === 'cause');
  t.like(cause.value, { subtype: 'error', className: 'Error' });
  t.regex(cause.value.description, /tax service unreachable/);
});

test('a big array is listed in DevTools\' ranges: packRanges, then a fragment', async (t) => {
  const { client, paused } = await attached(t);
  const locals = await propertiesByName(client, paused.callFrames[0].scopeChain[0].object.objectId);
  const packed = await client.call('Runtime.callFunctionOn', {
    objectId: locals.readings.objectId, functionDeclaration: 'function packRanges(fromIndex, toIndex, bucketThreshold) {}',
    arguments: [{ value: 0 }, { value: 499 }, { value: 100 }, { value: 250000 }, { value: 500000 }], returnByValue: true,
  });
  t.deepEqual(packed.result.result.value.ranges[0], [0, 99, 100]);
  t.is(packed.result.result.value.ranges.length, 5);
  const fragment = await client.call('Runtime.callFunctionOn', {
    objectId: locals.readings.objectId, functionDeclaration: 'function buildArrayFragment(fromIndex, toIndex) {}',
    arguments: [{ value: 400 }, { value: 402 }],
  });
  const items = await propertiesByName(client, fragment.result.result.objectId);
  t.deepEqual(Object.entries(items).map(([name, value]) => [name, value.value]), [['400', 800], ['401', 802], ['402', 804]]);
});

test('evaluateOnCallFrame runs in the frame\'s sandbox; an uncaptured name is an exception saying so', async (t) => {
  const { client, paused } = await attached(t);
  const callFrameId = paused.callFrames[0].callFrameId;
  const sum = await client.call('Debugger.evaluateOnCallFrame', { callFrameId, expression: 'order.items.reduce((s, i) => s + i.price * i.qty, 0)' });
  t.like(sum.result.result, { type: 'number', value: 25 });
  const missing = await client.call('Debugger.evaluateOnCallFrame', { callFrameId, expression: 'nowhere' });
  t.like(missing.result.exceptionDetails, { text: 'Uncaught' });
  t.regex(missing.result.exceptionDetails.exception.description, /^ReferenceError: nowhere was not captured in frame #0 checkout \(captured there: .*order/);
  const typed = await client.call('Runtime.evaluate', { expression: 'readings.length' });
  t.like(typed.result.result, { type: 'number', value: 500 });
});

test('DevTools\' eager evaluation (throwOnSideEffect) reads plain paths and refuses the rest as V8 does', async (t) => {
  const { client, paused } = await attached(t);
  const callFrameId = paused.callFrames[0].callFrameId;
  const read = await client.call('Debugger.evaluateOnCallFrame', { callFrameId, expression: 'order.items[1]', throwOnSideEffect: true });
  t.is(read.result.exceptionDetails, undefined);
  const call = await client.call('Debugger.evaluateOnCallFrame', { callFrameId, expression: 'readings.push(1)', throwOnSideEffect: true });
  t.regex(call.result.exceptionDetails.exception.description, /EvalError: Possible side-effect in debug-evaluate/);
});

test('getScriptSource gives the text that ran', async (t) => {
  const { client, paused } = await attached(t);
  const { result } = await client.call('Debugger.getScriptSource', { scriptId: paused.callFrames[0].location.scriptId });
  t.true(result.scriptSource.includes('async function checkout(order)'));
});

const refusesToRun = test.macro({
  async exec(t, method) {
    const { client } = await attached(t);
    const answer = await client.call(method);
    t.regex(answer.error.message, /^the process is gone: this is a saved crash/);
    // Paused again (reason "other"), so that a client that resumed an exception pause shows the frames.
    const again = await client.event('Debugger.paused', (params) => params.reason === 'other');
    t.is(again.callFrames[0].functionName, 'checkout');
  },
  title: (_, method) => `${method} is refused: the process is gone`,
});
for (const method of ['Debugger.resume', 'Debugger.stepOver', 'Debugger.stepInto', 'Debugger.stepOut']) test(refusesToRun, method);

test('breakpoints are accepted without effect', async (t) => {
  const { client } = await attached(t);
  const answer = await client.call('Debugger.setBreakpointByUrl', { lineNumber: 3, urlRegex: '.*' });
  t.deepEqual(answer.result.locations, []);
  t.truthy((await client.call('Debugger.setBreakpointsActive', { active: true })).result);
});

test('a TypeScript dump\'s scripts carry their source map as a data: URL with the .ts text inlined', async (t) => {
  const ts = await startInspector(`${GOLDEN}ts-order.wipeout`);
  t.teardown(() => ts.stop());
  const { scripts } = await attached(t, ts.url);
  const order = scripts.find((script) => script.url.endsWith('/out/order.js'));
  t.true(order.sourceMapURL.startsWith('data:application/json;charset=utf-8;base64,'));
  const map = JSON.parse(Buffer.from(order.sourceMapURL.split(',')[1], 'base64').toString('utf8'));
  t.true(map.sources[0].endsWith('/ts-order/order.ts'));
  t.true(map.sourcesContent[0].includes('class Cart'));
});

// js-debug's helpers arrive anonymous and minified (src/adapter/templates/ in microsoft/vscode-js-debug);
// these are written in that shape: what survives minification is the built-ins and literals they use.
const JS_DEBUG_ARRAY_SLOTS = 'function(e,t){const n={},r=e===-1?0:e,o=t===-1?this.length:e+t;for(let s=r;s<o&&s<this.length;++s){const i=Object.getOwnPropertyDescriptor(this,s);i&&Object.defineProperty(n,s,i)}return n}';
const JS_DEBUG_ARRAY_PROPERTIES = 'function(){const e={__proto__:this.__proto__},t=Object.getOwnPropertyNames(this);for(let n=0;n<t.length;++n){const r=t[n],o=r>>>0;if(String(o>>>0)===r&&o>>>0!==4294967295)continue;const s=Object.getOwnPropertyDescriptor(this,r);s&&Object.defineProperty(e,r,s)}return e}';
const JS_DEBUG_STRINGY = 'function(e){const t={};if(typeof this!="object"||!this)return t;for(const[n,r]of Object.entries(this))typeof r=="object"&&r&&!String(r.toString).includes("[native code]")&&(t[n]=String(r));return t}';

// js-debug 1.117 (VS Code 1.139) sends the toString() helper in this form, with the description symbols as an argument.
const JS_DEBUG_STRINGY_117 = 'function(...runtimeArgs){let r=1024;let e=null;let t=!1,n={},i="<<default preview>>";if(typeof this!="object"||!this)return n;for(let o of Object.keys(this)){let s;try{s=this[o]}catch{continue}if(e)try{let a=e.call(s,i);if(a!==i){n[o]=String(a);continue}}catch(a){n[o]=`<<indescribable>>${JSON.stringify([String(a),o])}`;continue}if(typeof s=="object"&&s){let a;for(let c of runtimeArgs[0].slice(0,2))if(typeof s[c]=="function")try{a=s[c](2);break}catch{}!a&&!String(s.toString).includes("[native code]")&&(a=String(s)),a&&!a.startsWith("[object ")&&(n[o]=a.length>=r?a.slice(0,r)+"\\u2026":a)}}try{t=typeof this[runtimeArgs[0][2]]=="function"}catch{}return{out:n,customProps:t}}\n\n//# sourceURL=eval-004a9734.cdp\n';

test('js-debug 1.117\'s toString() helper gets no custom descriptions and no custom properties, not a refusal', async (t) => {
  const { client, paused } = await attached(t);
  const scope = paused.callFrames[0].scopeChain[0].object.objectId;
  const answer = await client.call('Runtime.callFunctionOn', { objectId: scope, functionDeclaration: JS_DEBUG_STRINGY_117, arguments: [{ value: [] }], throwOnSideEffect: true, returnByValue: true });
  t.deepEqual(answer.result?.result.value, { out: {}, customProps: false });
});

test('js-debug\'s minified helpers page a big array and ask for custom toString()s, answered from the dump', async (t) => {
  const { client, paused } = await attached(t);
  const locals = await propertiesByName(client, paused.callFrames[0].scopeChain[0].object.objectId);
  const slots = await client.call('Runtime.callFunctionOn', { objectId: locals.readings.objectId, functionDeclaration: JS_DEBUG_ARRAY_SLOTS, arguments: [{ value: 498 }, { value: 5 }] });
  const items = await propertiesByName(client, slots.result.result.objectId);
  t.deepEqual(Object.entries(items).map(([name, value]) => [name, value.value]), [['498', 996], ['499', 998]]);
  const props = await client.call('Runtime.callFunctionOn', { objectId: locals.readings.objectId, functionDeclaration: JS_DEBUG_ARRAY_PROPERTIES, arguments: [] });
  const named = await client.call('Runtime.getProperties', { objectId: props.result.result.objectId, ownProperties: true });
  t.true(named.result.result.every((p) => !/^\d+$/.test(p.name)));
  t.true(named.result.result.some((p) => p.name === 'length'));
  const stringy = await client.call('Runtime.callFunctionOn', { objectId: locals.order.objectId, functionDeclaration: JS_DEBUG_STRINGY, arguments: [{ value: 1000 }], returnByValue: true });
  t.deepEqual(stringy.result.result.value, {});
  const other = await client.call('Runtime.callFunctionOn', { objectId: locals.order.objectId, functionDeclaration: 'function(){return Object.keys(this)}', returnByValue: true });
  t.regex(other.error.message, /cannot run this function: this is a saved crash/);
});

// js-debug's two start-up probes (src/targets/node/nodeAttacherBase.ts), as it sends them: with
// 'process not defined' it retries, the second up to 200 times, logging an error each time.
const JS_DEBUG_PROCESS_PROBE = "typeof process === 'undefined' || process.pid === undefined ? 'process not defined' : ({ processId: process.pid, nodeVersion: process.version, architecture: process.arch })\n//# sourceURL=eval-340972cf.cdp\n";
const JS_DEBUG_ENV_PROBE = "typeof Deno==='object'?'deno':typeof process==='undefined'||process.pid===undefined?'process not defined':(()=>{process.env[\"NODE_OPTIONS\"]=(process.env[\"NODE_OPTIONS\"]||'')+\" --require /ext/bootloader.js \";process.env[\"VSCODE_INSPECTOR_OPTIONS\"]=(process.env[\"VSCODE_INSPECTOR_OPTIONS\"]||'')+\":::{}\"})()\n//# sourceURL=eval-e28a6619.cdp\n";

test('js-debug\'s start-up probes get the crashed process\'s pid, Node version and arch, and a no-op for its child environment', async (t) => {
  const { client } = await attached(t);
  const dump = crashDump;
  const info = await client.call('Runtime.evaluate', { contextId: 1, returnByValue: true, expression: JS_DEBUG_PROCESS_PROBE });
  t.deepEqual(info.result.result.value, { processId: dump.process.pid, nodeVersion: `v${dump.process.versions.node}`, architecture: dump.process.arch });
  const env = await client.call('Runtime.evaluate', { contextId: 1, returnByValue: true, expression: JS_DEBUG_ENV_PROBE });
  t.deepEqual(env.result, { result: { type: 'undefined' } });
  // Anything else that reads `process` is still the sandbox's answer: it was not captured.
  const other = await client.call('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
  t.truthy(other.result.exceptionDetails);
});
