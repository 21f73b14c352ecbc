/**
 * `node --import wipeout/register app.js` (or `-r`): installs the hook from the environment before
 * the program runs. `WIPEOUT=0` turns it off. Kept tiny: no storage, CLI or debugger code loads here.
 */
import { writeSync } from 'node:fs';
import { install } from './install.js';

if (process.env.WIPEOUT !== '0') {
  try {
    install();
  } catch (error) {
    // A bad setting must not stop the program: say it once and run without the hook.
    writeSync(2, `wipeout: not capturing crashes: ${(error as Error).message}\n`);
  }
}
