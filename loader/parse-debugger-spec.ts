/** Which debugger `wipeout load` and `wipeout run` open, as `--debugger` or `WIPEOUT_DEBUGGER` names it. */
export type DebuggerSpec =
  | { kind: 'repl' }
  | { kind: 'none' }
  | { kind: 'dap'; port?: number; host?: string; stdio?: boolean }
  /** A Node inspector target (Chrome DevTools Protocol) for DevTools, VS Code's js-debug, WebStorm. */
  | { kind: 'inspect'; port?: number; host?: string }
  | { kind: 'module'; specifier: string; exportName?: string };

/** A `--debugger` / `WIPEOUT_DEBUGGER` value that names no debugger. The message is for users. */
export class DebuggerSpecError extends Error {
  override name = 'DebuggerSpecError';
}

const port = (text: string, spec: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) {
    throw new DebuggerSpecError(`Expected a port from 0 to 65535 in the debugger "${spec}", got "${text}"`);
  }
  return n;
};

/**
 * Reads a debugger choice, like PYTHONBREAKPOINT: `repl` (also empty), `dap`, `dap:PORT`,
 * `dap:HOST:PORT`, `dap:stdio`, `inspect`, `inspect:PORT`, `inspect:HOST:PORT`, `0` (none: print the summary), or a module specifier
 * (`./my.js`, `/abs/x.mjs`, `pkg`, `@scope/pkg`, `pkg#export`).
 */
export function parseDebuggerSpec(value: string | undefined): DebuggerSpec {
  const spec = (value ?? '').trim();
  if (spec === '' || spec === 'repl') return { kind: 'repl' };
  if (spec === '0') return { kind: 'none' };
  if (spec === 'dap') return { kind: 'dap' };
  if (spec.startsWith('dap:')) {
    const rest = spec.slice(4);
    if (rest === 'stdio') return { kind: 'dap', stdio: true };
    const colon = rest.lastIndexOf(':');
    if (colon === -1) return { kind: 'dap', port: port(rest, spec) };
    const host = rest.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    if (!host) throw new DebuggerSpecError(`Expected dap:HOST:PORT, got "${spec}"`);
    return { kind: 'dap', host, port: port(rest.slice(colon + 1), spec) };
  }
  if (spec === 'inspect') return { kind: 'inspect' };
  if (spec.startsWith('inspect:')) {
    const rest = spec.slice(8);
    const colon = rest.lastIndexOf(':');
    if (colon === -1) return { kind: 'inspect', port: port(rest, spec) };
    const host = rest.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    if (!host) throw new DebuggerSpecError(`Expected inspect:HOST:PORT, got "${spec}"`);
    return { kind: 'inspect', host, port: port(rest.slice(colon + 1), spec) };
  }
  const hash = spec.lastIndexOf('#');
  const specifier = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : undefined;
  const isPath = /^(\.{1,2}\/|\/|file:\/\/)/.test(specifier) || /^[A-Za-z]:[\\/]/.test(specifier);
  const isPackage = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*(\/[\w.~@-]+)*$/i.test(specifier);
  if ((!isPath && !isPackage) || (exportName !== undefined && !/^[A-Za-z_$][\w$]*$/.test(exportName))) {
    throw new DebuggerSpecError(
      `Unknown debugger "${spec}": expected repl, dap, dap:PORT, dap:HOST:PORT, dap:stdio, inspect, inspect:PORT, inspect:HOST:PORT, 0, or a module (./file.js, pkg, pkg#export)`,
    );
  }
  return exportName === undefined ? { kind: 'module', specifier } : { kind: 'module', specifier, exportName };
}
