import test from 'ava';
import { runCli } from '../helpers/cli-run.js';
import { sampleDump, writeDump } from '../helpers/make-dump.js';

const file = writeDump(sampleDump());

/** `args` (`FILE` standing for a real dump) is a usage mistake: exit 2, one line, nothing run or shown. */
const usageMistake = test.macro({
  async exec(t, args, message) {
    const { code, stdout, stderr } = await runCli(args.map((arg) => (arg === 'FILE' ? file : arg)));
    t.is(code, 2);
    t.is(stdout, '');
    t.is(stderr, `${message} (see \`wipeout ${args[0]} --help\`)\n`);
  },
  title: (_, args) => `wipeout ${args.map((arg) => (arg === '' ? "''" : arg)).join(' ')} is a usage mistake`,
});

test(usageMistake, ['show', 'FILE', '--storage-options'], '--storage-options needs a value');
test(usageMistake, ['show', 'FILE', '--storage-options='], '--storage-options needs a value');
test(usageMistake, ['show', 'FILE', '--identity'], '--identity needs a value');
test(usageMistake, ['show', 'FILE', '--identity='], '--identity needs a value');
test(usageMistake, ['show', 'FILE', '--identity', '--json'], '--identity needs a value');
test(usageMistake, ['list', '.', '--identity'], '--identity needs a value');
test(usageMistake, ['load', 'FILE', '--debugger'], '--debugger needs a value');
test(usageMistake, ['load', 'FILE', '--host'], '--host needs a value');
test(usageMistake, ['load', '--file'], '--file needs a value');
test(usageMistake, ['load', '--file='], '--file needs a value');
test(usageMistake, ['run', '--debugger'], '--debugger needs a value');
test(usageMistake, ['show', ''], 'Expected a dump file or URL after `wipeout show`, got an empty argument');
test(usageMistake, ['load', ''], 'Expected a dump file or URL, got an empty argument');
test(usageMistake, ['list', ''], 'Expected a directory or URL after `wipeout list`, got an empty argument');
test(usageMistake, ['show', 'FILE', '--storage-options={}', '--storage-options=['], '--storage-options can only be given once');
test(usageMistake, ['show', 'FILE', '--storageOptions', '{}', '--storage-options', '{}'], '--storage-options can only be given once');
test(usageMistake, ['show', 'FILE', '--json', '--json'], '--json can only be given once');
test(usageMistake, ['show', 'FILE', '--json=foo'], '--json takes no value');
test(usageMistake, ['list', '.', '--json=false'], '--json takes no value');

test('--help anywhere among a command\'s flags prints its help and exits 0', async (t) => {
  const { code, stdout } = await runCli(['show', file, '--help']);
  t.is(code, 0);
  t.regex(stdout, /^ {2}Usage\n {4}\$ wipeout show <file\|url> \[--json\]$/m);
});
