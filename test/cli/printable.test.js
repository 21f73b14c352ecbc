import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { replInput, runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';

// What a hostile program could leave in its dump: clear the screen, retitle the window, ring the
// bell, and a C1 CSI (U+009B) that some terminals obey too.
const CLEAR = '\u001b[2J';
const TITLE = '\u001b]0;TITLE\u0007';
const C1 = '\u009b31m';
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The sample dump with control characters in every kind of text the CLI prints from it. */
function hostileDump() {
  const dump = sampleDump();
  const top = dump.objects.findIndex((node) => node.kind === 'error' && node.name === 'TypeError');
  dump.objects[top].message = `bad ${CLEAR}message${TITLE}`;
  dump.objects[top].stack = `TypeError: bad ${CLEAR}stack\n    at x (/app/a.js:1:1)`;
  dump.errorSummary.message = dump.objects[top].message;
  dump.errorSummary.stack = dump.objects[top].stack;
  const cause = dump.objects.findIndex((node) => node.kind === 'error' && node.name === 'RangeError');
  dump.objects[cause].message = `cause ${TITLE}`;
  dump.errorSummary.causes[0].message = `cause ${TITLE}`;
  dump.process.hostname = `host${C1}`;
  dump.frames[1].functionName = `check${CLEAR}out`;
  const order = dump.objects.findIndex((node) => node.className === 'Order');
  dump.objects[order].className = `Order${CLEAR}`;
  const app = dump.sources.find((source) => source.file === '/app/app.js');
  app.text = app.text.replace('return order.total();', `return order.total(); /* ${TITLE} */`);
  delete app.sha256;
  return dump;
}

const file = writeDump(hostileDump());

/** Fails unless `output` shows the dump's control characters escaped, and holds no raw one. */
function assertEscaped(t, output) {
  t.false(RAW.test(output), `raw control character in ${JSON.stringify(output)}`);
  t.true(output.includes('\\x1b[2J'), 'the clear-screen sequence is shown as text');
}

test('show escapes control characters from the dump: message, causes, host, frames, source, values', async (t) => {
  const { code, stdout, stderr } = await runCli(['show', file]);
  t.is(code, 0, stderr);
  assertEscaped(t, stdout);
  t.true(stdout.startsWith('TypeError: bad \\x1b[2Jmessage\\x1b]0;TITLE\\x07\n  caused by RangeError: cause \\x1b]0;TITLE\\x07\n'));
  t.regex(stdout, /on host\\x9b31m,/);
  t.regex(stdout, /^#1 check\\x1b\[2Jout \(/m);
  t.regex(stdout, /^ {4}> 5 {3}return order\.total\(\); \/\* \\x1b\]0;TITLE\\x07 \*\/$/m);
  t.regex(stdout, /this = Order\\x1b\[2J \{/);
});

test('show --json and list --json escape the C1 controls that JSON leaves raw, and parse back to the same text', async (t) => {
  const dir = tempDir('wipeout-list-');
  writeDump(hostileDump(), { dir });
  for (const args of [['show', file, '--json'], ['list', dir, '--json']]) {
    const { code, stdout, stderr } = await runCli(args);
    t.is(code, 0, stderr);
    t.false(RAW.test(stdout), `raw control character in ${args[0]} --json`);
    t.true(stdout.includes('host\\u009b31m'));
    const parsed = JSON.parse(stdout);
    t.is(args[0] === 'show' ? parsed.process.hostname : parsed[0].host, `host${C1}`);
  }
});

test('list escapes control characters from dumps and from file names, and keeps one line per dump', async (t) => {
  const dir = tempDir('wipeout-list-');
  writeDump(hostileDump(), { dir, name: `a${CLEAR}\nb.wipeout` });
  writeFileSync(join(dir, `broken${TITLE}.wipeout`), 'not a dump');
  const { code, stdout, stderr } = await runCli(['list', dir]);
  t.is(code, 0, stderr);
  assertEscaped(t, stdout);
  const lines = stdout.trim().split('\n');
  t.is(lines.length, 2);
  const [broken, hostile] = lines[0].includes('unreadable') ? lines : [...lines].reverse();
  t.regex(hostile, /host\\x9b31m +pid 4242 +TypeError: bad \\x1b\[2Jmessage\\x1b\]0;TITLE\\x07 .* a\\x1b\[2J\\x0ab\.wipeout$/);
  t.regex(broken, /unreadable: broken\\x1b\]0;TITLE\\x07\.wipeout is not a wipeout dump.* broken\\x1b\]0;TITLE\\x07\.wipeout$/);
});

test('the terminal debugger escapes control characters in frames, errors, stacks, info and results', async (t) => {
  const { code, stdout, stderr } = await runCli(['load', file, '--debugger', 'repl'], { input: replInput('bt', 'exception', 'info', 'this', 'up', 'locals', 'p order.constructor.name', 'p new Error("\\x1b[2J")') });
  t.is(code, 0, stderr);
  assertEscaped(t, stdout);
  t.regex(stdout, /check\\x1b\[2Jout \(app\.js:5:16\)|check\\x1b\[2Jout \(\/app\/app\.js:5:16\)/);
  t.regex(stdout, /TypeError: bad \\x1b\[2Jstack/);
  t.regex(stdout, /process: +pid 4242 \(parent 1\) on host\\x9b31m/);
  t.regex(stdout, /Error: \\x1b\[2J\n/);
});

test('an error message is escaped too: a file name cannot drive the terminal', async (t) => {
  const { code, stderr } = await runCli(['show', `/nonexistent/a${CLEAR}.wipeout`]);
  t.is(code, 1);
  t.is(stderr, 'Cannot read /nonexistent/a\\x1b[2J.wipeout: no such file\n');
});
