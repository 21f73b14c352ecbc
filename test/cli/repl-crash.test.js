// The terminal debugger over a dump the real hook saved from a crash fixture (debugger-tour.cjs):
// pdb's habits, and answers that say what was not captured rather than failing like JavaScript.
import test from 'ava';
import { replInput, runCli } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { attachAndStop, closeClient, connect, errorOf, startServer } from '../helpers/dap-server.js';

let dump;
test.before(async () => {
  const run = await runFixture('debugger-tour.cjs');
  if (run.dumps.length !== 1) throw new Error(`expected one dump, got ${run.dumps.length}: ${run.stderr}`);
  dump = run.dumps[0].path;
});

/** Runs `wipeout load` on the dump with these commands; `answers[i]` is what command i printed. */
async function session(...commands) {
  const { code, stdout, stderr } = await runCli(['load', dump], { input: replInput(...commands) });
  const [banner, ...answers] = stdout.split('(wipeout) ');
  return { code, stderr, banner, answers };
}

test('a name the dump did not capture is answered in the words the DAP server uses, never as a ReferenceError', async (t) => {
  const { answers } = await session('p nosuch', 'nosuch + 1', 'up', 'p total');
  t.is(answers[0], 'nosuch was not captured in frame #0 Checkout.pay (captured there: amount, note, apiKey, total, gateway, this)\n');
  t.is(answers[1], answers[0]);
  t.is(answers[3], 'total was not captured in frame #1 checkout (captured there: order, count, this)\n');
  const server = await startServer(dump);
  t.teardown(() => server.stop());
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  const dap = await errorOf(dc.evaluateRequest({ expression: 'nosuch', frameId: body.stackFrames[0].id, context: 'repl' }));
  t.is(`${dap}\n`, answers[0]);
});

test('break and the other breakpoint commands say in one line why there are none', async (t) => {
  const { answers } = await session('b 17', 'break', 'b debugger-tour.cjs:17', 'tbreak checkout', 'clear', 'b = 3', 'p b');
  for (const answer of answers.slice(0, 5)) t.regex(answer, /^No breakpoints in a postmortem session: the process is gone and nothing will run again\. [^\n]*\n$/);
  t.is(answers[5], '3\n', 'an assignment to a variable named b is an expression');
  t.is(answers[6], '3\n');
});

test('list pages on when repeated, by name or by Enter, and says where the file ends', async (t) => {
  const { answers } = await session('list', 'list', '', '');
  t.regex(answers[0], /^ {2}12 \n {2}13 {3}pay\(amount, note\) \{\n/);
  t.regex(answers[0], /^> 17 {5}return gateway\.charge/m);
  t.regex(answers[0].trimEnd().split('\n').at(-1), /^ {2}22 /, 'eleven lines, 12 to 22');
  t.is(answers[0].trimEnd().split('\n').length, 11);
  t.regex(answers[1], /^ {2}23 [^\n]*\n {2}24 \}\n {2}25 \n {2}26 checkout\.call\(\{ shop: 'corner' \}, new Checkout\(\)\);\n\[EOF\]\n$/);
  t.is(answers[2], '[EOF] (line 27 is past the end: the file has 26 lines)\n', 'Enter repeats list');
  t.is(answers[3], answers[2]);
});

test('list ., list N and list A,B show the lines pdb shows', async (t) => {
  const { answers } = await session('list 40', 'l .', 'list 3', 'list 1,5', 'list 13,2', 'list x');
  t.is(answers[0], '[EOF] (line 35 is past the end: the file has 26 lines)\n');
  t.regex(answers[1], /^ {2}12 \n[\s\S]*^> 17 [\s\S]*^ {2}22 [^\n]*\n$/m);
  t.regex(answers[2], /^ {3}1 \/\/ The terminal[\s\S]* {2}11 {3}\}\n$/);
  t.is(answers[3].split('\n').length - 1, 5);
  t.regex(answers[3], /^ {2}1 \/\/ The terminal[\s\S]*^ {2}5 {5}this\.customer = /m);
  t.regex(answers[4], /^ {2}13 {3}pay\(amount, note\) \{\n {2}14 [^\n]*\n {2}15 [^\n]*\n$/, 'A,B with B < A: B more lines');
  t.regex(answers[5], /^Expected list, list \. \(around the current line\), list N \(around line N\) or list FIRST,LAST, got "x"\n$/);
});

test('moving to another frame starts list again around that frame\'s line', async (t) => {
  const { answers } = await session('list', 'list', 'up', 'list');
  t.regex(answers[3], /^ {2}18 [\s\S]*^> 23 [\s\S]*^ {2}26 [^\n]*\n\[EOF\]\n$/m);
});

test('p a, b prints both values, and commas inside brackets, strings and templates do not split', async (t) => {
  const { answers } = await session('p amount, note', 'pp total, [amount, total]', 'p [1, 2], "a,b", `x${[1, 2].join(",")}`, /,/.source');
  t.is(answers[0], "200\n'first order'\n");
  t.is(answers[1], '400\n[ 200, 400 ]\n');
  t.is(answers[2], "[ 1, 2 ]\n'a,b'\n'x1,2'\n','\n");
});

test('whatis names the type of a value', async (t) => {
  const { answers } = await session('whatis total', 'whatis note', 'whatis gateway', 'whatis this', 'whatis this.constructor', 'whatis Object.getPrototypeOf(this).pay', 'whatis this.items', 'whatis nosuch');
  t.deepEqual(answers.slice(0, 7), ['number\n', 'string\n', 'null\n', 'Checkout\n', 'class Checkout\n', 'function pay\n', 'Array\n']);
  t.regex(answers[7], /^nosuch was not captured in frame #0 Checkout\.pay/);
});

test('a captured null evaluates to null, not undefined', async (t) => {
  const { answers } = await session('p gateway', 'p gateway === null');
  t.deepEqual(answers.slice(0, 2), ['null\n', 'true\n']);
});

test('display shows its expressions at once and after every move to another frame', async (t) => {
  const { answers } = await session('display total', 'display count', 'up', 'display', 'undisplay total', 'down', 'undisplay', 'up');
  t.is(answers[0], 'display total: 400\n');
  t.regex(answers[1], /^display count: count was not captured in frame #0 Checkout\.pay/);
  t.regex(answers[2], /^> #1 checkout [\s\S]*\ndisplay total: total was not captured in frame #1 checkout [^\n]*\ndisplay count: 2\n$/);
  t.regex(answers[3], /^display total: [^\n]*\ndisplay count: 2\n$/);
  t.regex(answers[5], /^> #0 Checkout\.pay [\s\S]*\ndisplay count: count was not captured[^\n]*\n$/);
  t.false(answers[5].includes('display total'));
  t.false(answers[7].includes('display '), 'undisplay alone removes them all');
});

test('args lists the parameters with their values', async (t) => {
  const { answers } = await session('a', 'up', 'args');
  t.is(answers[0], "amount = 200\nnote = 'first order'\n");
  t.regex(answers[2], /^order = Checkout \{ customer: /);
});

test('help COMMAND explains one command, and help load says where the command line\'s load is explained', async (t) => {
  const { answers } = await session('help list', 'help whatis', 'help load', 'help nosuch');
  t.regex(answers[0], /^ {2}list, l +11 lines around the current line; again: the next 11\n {2}list \. \| N \| A,B +/);
  t.regex(answers[1], /^ {2}whatis <expr> +the type of the value/);
  t.regex(answers[2], /^"load" is a command of wipeout's command line, not of the debugger: wipeout load --help/);
  t.is(answers[3], 'No debugger command "nosuch": help lists them\n');
});

test('exception prints the message once, then the stack\'s frames', async (t) => {
  const { answers } = await session('exception');
  const lines = answers[0].split('\n');
  t.is(lines[0], "TypeError: Cannot read properties of null (reading 'charge')");
  t.regex(lines[1], /^ {4}at Checkout\.pay \(.*debugger-tour\.cjs:17:\d+\)$/);
  t.is(answers[0].split("Cannot read properties of null (reading 'charge')").length, 2);
});

test('this is one line when it fits and the pp layout when it does not', async (t) => {
  const { answers } = await session('this', 'p this', 'up', 'this', 'frame 0', 'p this.customer.address');
  t.is(answers[0].split('\n').length > 3, true);
  t.regex(answers[0], /^Checkout \{\n {2}customer: \{\n {4}name: 'Ada Lovelace',/);
  t.true(answers[0].split('\n').every((line) => line.length <= 80));
  t.is(answers[1].split('\n').length, 2, 'p stays on one line, as pdb\'s p does');
  t.is(answers[3], "{ shop: 'corner' }\n");
  t.is(answers[5], "{ city: 'London', street: '12 St James Square' }\n");
});

test('a redacted value prints the same in p, inside an object, and in locals', async (t) => {
  const { answers } = await session('p apiKey', 'p { apiKey }', 'pp [[[[apiKey]]]]', 'locals', 'p String(apiKey), apiKey.type, apiKey.length');
  const text = '[redacted: name matches "api_key", 27 chars]';
  t.is(answers[0], `${text}\n`);
  t.is(answers[1], `{ apiKey: ${text} }\n`);
  t.true(answers[2].includes(text) && !answers[2].includes('Redacted'), 'also past the rendering depth');
  t.true(answers[3].includes(`apiKey = ${text}\n`));
  t.is(answers[4], `'${text}'\n'string'\n27\n`);
  t.false(answers.join('').includes('sk_live'));
});
