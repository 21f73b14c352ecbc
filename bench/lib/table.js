// Turns samples into the printed table: for each row, plain's median in its unit and, for the
// hooked variants, median ratios against plain with the min–max of the ratios.
import { median } from './measure.js';

/** A row cell for one variant, given its samples and plain's median. */
export function ratioCell(samples, plainMedian) {
  const values = samples.filter((v) => v != null);
  if (values.length === 0 && samples.timedOut) return 'timed out';
  if (values.length === 0 || plainMedian == null) return 'n/a';
  // Ratios are always variant/plain; for throughput the label says that higher is better.
  const ratio = (v) => v / plainMedian;
  const ratios = values.map(ratio);
  // A timed-out run has no figure (CPU) or counts at its timeout (wall: the median is then a lower
  // bound); either way the cell says so.
  const missing = samples.length - values.length;
  const atLeast = samples.timedOut && missing === 0 ? '≥' : '';
  const note = samples.timedOut && missing > 0 ? `, ${missing} of ${samples.length} runs timed out` : '';
  return `${atLeast}${ratio(median(values)).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})${note}`;
}

/** Prints rows [{ label, cells: [...] }] under `header` as a markdown table. */
export function printTable(header, rows, write = (line) => console.log(line)) {
  write(`| ${header.join(' | ')} |`);
  write(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) write(`| ${row.join(' | ')} |`);
}
