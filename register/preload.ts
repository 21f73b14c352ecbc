/**
 * `node --import wipeout/register app.js` (or `-r`): installs the hook from the environment before
 * the program runs. `WIPEOUT=0` turns it off. Kept tiny: no storage, CLI or debugger code loads here.
 */
// Taken with getBuiltinModule, not imported: an ES module import of node:fs reads every one of its
// exports, and its lazy ones load fs/promises and the streams (see scripts/bundle-hook.js).
const { writeSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');

if (process.env.WIPEOUT !== '0') {
  try {
    // Loaded only when the hook is on, so that `WIPEOUT=0` costs no more than this file.
    const { install } = createRequire(import.meta.url)('./install.js') as typeof import('./install.js');
    install();
  } catch (error) {
    // A bad setting must not stop the program: say it once and run without the hook.
    writeSync(2, `wipeout: not capturing crashes: ${(error as Error).message}\n`);
  }
}

export {};
