/**
 * `reporters: ['default', 'wipeout/vitest-reporter']`: after vitest's own summary, one line on
 * stderr per dump that `wipeout/vitest` saved during the run. Reports nothing of the tests.
 */
import { say, testRunReport } from './test-run.js';

export default class WipeoutReporter {
  async onFinished(): Promise<void> {
    say(...(await testRunReport()));
  }
}
