import test from 'ava';
import { parseDebuggerSpec } from '../../dist/loader/index.js';

const parses = test.macro({
  exec: (t, input, expected) => t.deepEqual(parseDebuggerSpec(input), expected),
  title: (_, input) => `the debugger "${input}" is understood`,
});
test(parses, 'repl', { kind: 'repl' });
test(parses, '', { kind: 'repl' });
test(parses, '0', { kind: 'none' });
test(parses, 'dap', { kind: 'dap' });
test(parses, 'dap:4711', { kind: 'dap', port: 4711 });
test(parses, 'dap:0.0.0.0:4711', { kind: 'dap', host: '0.0.0.0', port: 4711 });
test(parses, 'dap:[::1]:4711', { kind: 'dap', host: '::1', port: 4711 });
test(parses, 'dap:stdio', { kind: 'dap', stdio: true });
test(parses, 'inspect', { kind: 'inspect' });
test(parses, 'inspect:9229', { kind: 'inspect', port: 9229 });
test(parses, 'inspect:0.0.0.0:9229', { kind: 'inspect', host: '0.0.0.0', port: 9229 });
test(parses, './my-debugger.js', { kind: 'module', specifier: './my-debugger.js' });
test(parses, 'pkg#open', { kind: 'module', specifier: 'pkg', exportName: 'open' });
test(parses, '@scope/pkg', { kind: 'module', specifier: '@scope/pkg' });

const refuses = test.macro({
  exec: (t, input, message) => t.throws(() => parseDebuggerSpec(input), { message }),
  title: (_, input) => `the debugger "${input}" is refused with a clear message`,
});
test(refuses, 'dap:99999', /Expected a port from 0 to 65535/);
test(refuses, 'dap:abc', /Expected a port/);
test(refuses, 'inspect:70000', /Expected a port from 0 to 65535 in the debugger "inspect:70000"/);
test(refuses, 'what ever', /Unknown debugger "what ever"/);
test(refuses, 'pkg#1bad', /Unknown debugger/);
