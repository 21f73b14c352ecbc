/**
 * `reporters: ['default', 'wipeout/jest-reporter']`: one line on stderr (where jest writes its
 * own) per dump that `wipeout/jest` saved during the run, after jest's summary. Jest always adds
 * its summary reporter after the configured ones, so the lines are read when the run completes
 * and written when jest's process exits.
 */
import { say, testRunReport } from './test-run.js';

export default class WipeoutReporter {
  #lines: string[] = [];
  #onExit = () => say(...this.#lines.splice(0));

  async onRunComplete(): Promise<void> {
    this.#lines.push(...(await testRunReport()));
    process.off('exit', this.#onExit).once('exit', this.#onExit);
  }
}
