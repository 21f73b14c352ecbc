// C0 controls, DEL and C1 controls: the characters a terminal may take as a command (clear the
// screen, set the title, move the cursor, open a hyperlink). Tab and newline are kept apart.
const CONTROLS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';
const LAYOUT = '\\t\\n';
// An SGR sequence (`ESC [ 31 m`) only styles text.
const STYLE = '\\u001b\\[[0-9;]*m';

/** Options of `printable`. */
export interface PrintableOptions {
  /**
   * Keep SGR styles (colours, bold), for text coloured by colors.ts or util.inspect on a terminal.
   * Styles cannot be told from ones a dump holds, so a dump can restyle its own text there, but
   * nothing else: every other control character is still escaped.
   */
  keepStyles?: boolean;
  /** Escape tabs and newlines too, for a field of a one-line-per-item listing. */
  singleLine?: boolean;
}

/**
 * Text from a dump or a file name made safe for a terminal: control characters become visible
 * escapes (`\x1b`, `\x07`), so a crashed program's strings cannot clear the screen or retitle the
 * window of whoever reads its dump. Tabs and newlines stay unless `singleLine`: layout needs them.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  const controls = `[${CONTROLS}${options.singleLine ? LAYOUT : ''}]`;
  const pattern = new RegExp(options.keepStyles ? `${STYLE}|${controls}` : controls, 'g');
  return text.replace(pattern, (match) => (match.length > 1 ? match : `\\x${match.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/**
 * `value` as indented JSON that is safe for a terminal too: JSON.stringify escapes C0 controls but
 * leaves DEL and the C1 controls (U+0080–U+009F, some of which terminals obey) as they are.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
