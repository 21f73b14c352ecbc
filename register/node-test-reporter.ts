/**
 * `node --test --import wipeout/register --test-reporter=spec --test-reporter-destination=stdout
 * --test-reporter=wipeout/node-test-reporter --test-reporter-destination=stderr`: beside the
 * runner's own reporter, prints one line per dump the run's test files saved, after the run. It
 * reports nothing of the tests themselves.
 */
import { openCommand } from './save-dump.js';
import { runReport, testRunFolder } from './test-run.js';

export default async function* wipeoutReporter(events: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const event of events) void event;
  const max = Number(process.env.WIPEOUT_TEST_MAX_DUMPS) || 10;
  const lines = runReport(testRunFolder(process.env, process.pid), (where) => openCommand(where), max);
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
