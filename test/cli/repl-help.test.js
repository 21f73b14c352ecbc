// The debugger's `help` and docs/debugger.md list exactly the commands that exist.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { COMMANDS } from '../../dist/cli/repl/commands.js';
import { HELP } from '../../dist/cli/repl/help-text.js';
import { BREAKPOINT_COMMANDS, RUN_COMMANDS } from '../../dist/cli/repl/postmortem.js';

const docs = readFileSync(new URL('../../docs/debugger.md', import.meta.url), 'utf8');
const table = docs.slice(docs.indexOf('## The terminal debugger'), docs.indexOf('## Evaluation'));
const helped = new Set(HELP.flatMap((entry) => entry.names));
// Answered by start-repl.ts itself: leaving, forcing an expression.
const builtIn = ['quit', 'q', 'exit', '!'];

test('help has a line for every command, and no line for one that does not exist', (t) => {
  for (const name of Object.keys(COMMANDS)) t.true(helped.has(name), `help does not mention ${name}`);
  const known = new Set([...Object.keys(COMMANDS), ...RUN_COMMANDS, ...BREAKPOINT_COMMANDS, ...builtIn]);
  for (const name of helped) t.true(known.has(name), `help mentions ${name}, which is no command`);
});

test('docs/debugger.md names every command of the debugger', (t) => {
  for (const name of [...Object.keys(COMMANDS), 'quit', 'q', 'exit', 'break', 'b', 'tbreak', 'step', 'next', 'continue']) {
    t.true(table.includes(`\`${name}\``) || table.includes(`\`${name} `), `docs/debugger.md does not list ${name}`);
  }
});
