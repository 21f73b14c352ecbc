import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DebuggerSpec, DumpModel } from '../loader/index.js';
import { colorsFor } from './colors.js';
import { firstLine } from '../storage/failure.js';
import { CliError } from './exit.js';
import { formatSummary } from './format/format-summary.js';
import { printable } from './printable.js';

/** Options of the DAP server, as `serveDap` in dap-server/index.ts takes them. */
export interface DapOptions {
  port?: number;
  host?: string;
  stdio?: boolean;
  /** Stop after the first client disconnects. */
  once?: boolean;
}

type ServeDap = (model: DumpModel, options: DapOptions) => Promise<unknown> | unknown;

/**
 * Opens the chosen debugger on a loaded dump and resolves when the session ends. The summary and
 * the terminal debugger write to `output`: stdout for `load`, stderr for `run`, whose stdout is the
 * program's own.
 */
export async function openDebugger(model: DumpModel, spec: DebuggerSpec, dap: DapOptions = {}, output: NodeJS.WriteStream = process.stdout): Promise<void> {
  switch (spec.kind) {
    case 'none': {
      const colors = colorsFor(output);
      output.write(`${printable(formatSummary(model, colors), { keepStyles: colors.enabled })}\n`);
      return;
    }
    case 'repl': {
      const { startRepl } = await import('./repl/start-repl.js');
      await startRepl(model, { input: process.stdin, output });
      return;
    }
    case 'dap': {
      const serveDap = await loadDapServer();
      const options: DapOptions = { ...dap };
      if (spec.port !== undefined) options.port = spec.port;
      if (spec.host !== undefined) options.host = spec.host;
      if (spec.stdio) options.stdio = true;
      const code = await serveDap(model, options);
      // The server's own failures (a port in use) end the command with its exit code.
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
      return;
    }
    case 'inspect': {
      // Loaded on demand, as the DAP server is: no other way in loads `ws`.
      const { serveCdp } = await import('../cdp-server/index.js');
      const options: { port?: number; host?: string; once?: boolean } = {};
      if (spec.port !== undefined) options.port = spec.port;
      if (spec.host ?? dap.host) options.host = (spec.host ?? dap.host)!;
      if (dap.once) options.once = true;
      const code = await serveCdp(model, options);
      if (code !== 0) process.exitCode = code;
      return;
    }
    case 'module': {
      const run = await loadDebuggerModule(spec.specifier, spec.exportName);
      await run(model);
      return;
    }
  }
}

async function loadDapServer(): Promise<ServeDap> {
  // Loaded on demand: `wipeout show` and the terminal debugger never load the DAP server.
  const { serveDap } = (await import('../dap-server/index.js')) as { serveDap: ServeDap };
  return serveDap;
}

/**
 * The URL of a debugger module, found from the current directory as the user would `import` it
 * there. Cheap, and it touches no dump: `run` calls it before starting the script, so that a
 * misspelt module is said at once rather than after the crash.
 */
export function resolveDebuggerModule(specifier: string): string {
  const cwd = process.cwd();
  try {
    if (specifier.startsWith('file://')) return specifier;
    if (specifier.startsWith('.') || isAbsolute(specifier)) {
      const path = resolve(cwd, specifier);
      if (!existsSync(path)) throw new Error('no such file');
      return pathToFileURL(path).href;
    }
    return pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(specifier)).href;
  } catch (error) {
    throw new CliError(`Cannot find the debugger module "${specifier}" from ${cwd}: ${firstLineOf(error)}`);
  }
}

async function loadDebuggerModule(specifier: string, exportName = 'default'): Promise<(model: DumpModel) => unknown> {
  const url = resolveDebuggerModule(specifier);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`Cannot load the debugger module "${specifier}": ${firstLineOf(error)}`);
  }
  const candidate = module[exportName];
  if (typeof candidate !== 'function') {
    throw new CliError(`Expected the debugger module "${specifier}" to export a function as "${exportName}", got ${candidate === undefined ? 'no such export' : typeof candidate}`);
  }
  return candidate as (model: DumpModel) => unknown;
}

/** The first line of an error's message, for one-line reports. */
const firstLineOf = (error: unknown) => firstLine(String((error as Error)?.message ?? error));
