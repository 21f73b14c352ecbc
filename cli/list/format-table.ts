import { printable } from '../printable.js';

/** One cell: its text (from a dump: escaped here), a style applied after padding, and its alignment. */
export interface Cell {
  text: string;
  style?: (text: string) => string;
  right?: boolean;
  /** Characters kept; the rest is `…` (`--json` has every field whole). */
  max?: number;
  /**
   * Kept whole and left out of its column's width: the reason a file is unreadable is the one
   * thing its row says, so it may push the row's last columns right rather than lose its end.
   */
  overflow?: boolean;
}

/**
 * Rows as aligned columns, two spaces apart, like `ls -l`: each column as wide as its widest
 * cell (but for `overflow` cells). A column empty in every row is left out; the last column is not
 * padded.
 */
export function formatTable(rows: Cell[][]): string[] {
  const texts = rows.map((row) => row.map((cell) => clip(printable(cell.text, { singleLine: true }), cell.max)));
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(0, ...texts.map((row, r) => (rows[r]![column]?.overflow ? 0 : width(row[column] ?? '')))));
  const kept = widths.map((_, column) => column === columns - 1 || texts.some((row) => (row[column] ?? '') !== ''));
  return rows.map((row, r) => {
    const parts: string[] = [];
    for (let column = 0; column < columns; column++) {
      if (!kept[column]) continue;
      const text = texts[r]![column] ?? '';
      const cell = row[column];
      const pad = ' '.repeat(Math.max(0, widths[column]! - width(text)));
      const styled = cell?.style && text ? cell.style(text) : text;
      parts.push(column === columns - 1 && !cell?.right ? styled : cell?.right ? pad + styled : styled + pad);
    }
    return parts.join('  ').trimEnd();
  });
}

function clip(text: string, max = Infinity): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** Display width in code points: good enough for names and messages; wide CJK is rare here. */
function width(text: string): number {
  return [...text].length;
}
