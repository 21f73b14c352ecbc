import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { CLI } from '../helpers/cli-run.js';
import { runFixture } from '../helpers/crash-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';
import { tempDir } from '../helpers/temp-dir.js';

// util-linux `script` gives the CLI a real terminal; without it these tests cannot run.
const hasScript = spawnSync('script', ['--version']).status === 0;
const ttyTest = hasScript ? test : test.skip;
const file = writeDump(sampleDump());
const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Runs the CLI on a pseudo-terminal. `steps` are `[text, keys]`: once the output (since the last
 * step) shows `text`, `keys` are typed — so input never arrives as one paste, and nothing waits on time.
 */
function onTerminal(args, { env = {}, steps = [] } = {}) {
  const child = spawn('script', ['-qec', [process.execPath, CLI, ...args].map(quote).join(' '), '/dev/null'], {
    env: { ...process.env, NO_COLOR: undefined, TERM: 'xterm', ...env },
  });
  let output = '';
  let from = 0;
  const pending = [...steps];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    output += chunk;
    while (pending.length > 0) {
      const at = output.indexOf(pending[0][0], from);
      if (at === -1) break;
      from = at + pending[0][0].length;
      child.stdin.write(pending.shift()[1]);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

ttyTest('show colours its output on a terminal', async (t) => {
  const { output } = await onTerminal(['show', file]);
  t.true(output.includes('\u001b[31m\u001b[1mTypeError: Cannot read properties of null'));
});

ttyTest('on a terminal show keeps its colours but escapes the control characters a dump holds', async (t) => {
  const dump = sampleDump();
  const top = dump.objects.findIndex((node) => node.kind === 'error' && node.name === 'TypeError');
  dump.objects[top].message = 'bad \u001b[2J\u001b]0;TITLE\u0007 message';
  dump.errorSummary.message = dump.objects[top].message;
  const { output } = await onTerminal(['show', writeDump(dump)]);
  t.true(output.includes('\u001b[31m\u001b[1mTypeError: bad \\x1b[2J\\x1b]0;TITLE\\x07 message'));
  t.false(output.includes('\u001b[2J'));
  t.false(output.includes('\u001b]0;'));
});

ttyTest('on a terminal the debugger completes names with Tab and keeps history', async (t) => {
  const history = join(tempDir('wipeout-history-'), 'history');
  const { code, output } = await onTerminal(['load', file], { env: { WIPEOUT_HISTORY: history }, steps: [['(wipeout) ', 'up\r'], ['(wipeout) ', 'p cou\t'], ['p count', '\r'], ['(wipeout) ', 'quit\r']] });
  t.is(code, 0);
  // Node 26 moves the cursor (`ESC[18G`) after a completion, before the line ends.
  t.regex(output, /p count(\u001b\[\d+G)?\r*\n/);
  t.regex(output, /\u001b\[33m3\u001b\[39m/);
  t.deepEqual(readFileSync(history, 'utf8').trim().split('\n'), ['quit', 'p count', 'up']);
});

ttyTest('on a terminal Tab after obj.prop. lists that nested object\'s properties', async (t) => {
  const run = await runFixture('debugger-tour.cjs');
  // Ctrl-U clears the line the completions were typed on before quitting.
  const steps = [['(wipeout) ', 'p this.customer.add\t'], ['address', '.\t\t'], ['street', '\u0015quit\r']];
  const { code, output } = await onTerminal(['load', run.dumps[0].path], { env: { WIPEOUT_HISTORY: join(tempDir('wipeout-history-'), 'history') }, steps });
  t.is(code, 0);
  // Node 26 colours `this` as it is typed: the escapes go before the text is matched.
  const text = output.replace(/\u001b\[[\d;]*[A-Za-z]/g, '');
  t.regex(text, /p this\.customer\.address\./);
  t.regex(text, /this\.customer\.address\.city\s+this\.customer\.address\.street/);
  t.false(output.includes('__proto__'));
});
