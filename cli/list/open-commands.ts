import { relativePath } from '../format/relative-path.js';

/**
 * The commands that open a dump, as `wipeout list --commands` prints them for a CI log: run where
 * the dumps were downloaded to, in a project that installed wipeout (docs/ci.md). The ports are
 * the usual ones, to change at will.
 */
export interface OpenCommands {
  show: string;
  load: string;
  dap: string;
  inspect: string;
}

const RUNNER = 'npx --no-install wipeout';

export function openCommands(location: string, encrypted: boolean): OpenCommands {
  // A local dump by the path the user listed it from: `wipeout-dumps/x.wipeout` after a download.
  const where = shellWord(relativePath(location));
  const identity = encrypted ? ' --identity <age identity file>' : '';
  return {
    show: `${RUNNER} show ${where}${identity}`,
    load: `${RUNNER} load ${where}${identity}`,
    dap: `${RUNNER} load ${where}${identity} --dap 4711`,
    inspect: `${RUNNER} load ${where}${identity} --inspect 9229`,
  };
}

/** What each command opens, as the comment beside it says. */
export const COMMAND_NOTES: Record<keyof OpenCommands, string> = {
  show: 'print it',
  load: 'the terminal debugger',
  dap: 'a DAP server: VS Code, nvim-dap, JetBrains attach to port 4711',
  inspect: 'Chrome DevTools, VS Code, WebStorm attach as to node --inspect',
};

/** A word the shell reads back as it is (as register/save-dump.ts quotes the crash line's command). */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
