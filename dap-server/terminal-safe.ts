// C0 controls (newline and tab included: a note is one line), DEL, C1 controls, the line and
// paragraph separators and the bidirectional overrides: what a terminal may obey or use to
// disguise the rest of a line.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A note about a client's bytes made safe for the terminal that runs the server: the client chose
 * those bytes, so every control character becomes a visible escape (`\x1b`, `\u202e`).
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
