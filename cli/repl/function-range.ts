/** Lines shown at most by `ll`, so a huge function (or a bad guess) does not flood the terminal. */
const MAX_LINES = 200;

/**
 * The lines of the function around `line` (1-based, inclusive), for `ll`. The dump keeps frame
 * positions, not function ranges, so this looks for the nearest line above that declares the
 * function, then follows braces to its end. A guess that fails gives ±10 lines.
 */
export function functionRange(text: string, line: number, functionName: string): [number, number] {
  const lines = text.split(/\r?\n/);
  const name = functionName.split('.').pop() ?? '';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declares = name
    ? new RegExp(`(function\\*?\\s+${escaped}\\b|\\b${escaped}\\s*[=:]\\s*(async\\s+)?(function|\\(|[\\w$]+\\s*=>)|^\\s*(static\\s+|async\\s+|get\\s+|set\\s+|#)*${escaped}\\s*\\()`)
    : /(function\b|=>)/;
  let start = -1;
  for (let n = line; n >= Math.max(1, line - MAX_LINES); n--) {
    if (declares.test(lines[n - 1] ?? '')) {
      start = n;
      break;
    }
  }
  if (start === -1) return [Math.max(1, line - 10), Math.min(lines.length, line + 10)];
  let depth = 0;
  let opened = false;
  for (let n = start; n <= Math.min(lines.length, start + MAX_LINES); n++) {
    // Braces in strings and comments can fool this; the cap keeps a wrong guess short.
    for (const char of (lines[n - 1] ?? '').replace(/(['"`])(?:\\.|(?!\1).)*\1|\/\/.*$/g, '')) {
      if (char === '{') {
        depth++;
        opened = true;
      } else if (char === '}') {
        depth--;
      }
    }
    if (opened && depth <= 0 && n >= line) return [start, n];
  }
  return [start, Math.min(lines.length, Math.max(line, start) + 10)];
}
