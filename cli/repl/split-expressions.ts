/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEXP = new Set([...'(,=:[!&|?{};+-*%<>~^']);
const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Splits `a, b` at its top-level commas, so that `p a, b` prints both as in pdb: commas inside
 * brackets, strings, template literals, comments and regular expressions do not count. A lexer,
 * not a parser: what it cannot tell apart stays one expression, evaluated as JavaScript would.
 */
export function splitExpressions(text: string): string[] {
  const parts: string[] = [];
  // What closes each open construct: `)`, `]`, `}`; '`' for a template's text, '${' for its substitution.
  const open: string[] = [];
  let start = 0;
  let previous = '(';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (open.at(-1) === '`') {
      if (char === '\\') i++;
      else if (char === '`') open.pop();
      else if (char === '$' && text[i + 1] === '{') {
        open.push('${');
        i++;
      }
      previous = '`';
      continue;
    }
    if (char === '"' || char === "'") {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === '\\') i++;
    } else if (char === '`') {
      open.push('`');
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    } else if (char === '/' && BEFORE_REGEXP.has(previous)) {
      let inClass = false;
      for (i++; i < text.length && (inClass || text[i] !== '/'); i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
      }
    } else if (char in CLOSER) {
      open.push(CLOSER[char]!);
    } else if (char === ')' || char === ']' || char === '}') {
      // A `}` that closes a substitution returns to the template's text.
      open.pop();
    } else if (char === ',' && open.length === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (!/\s/.test(char)) previous = char;
  }
  parts.push(text.slice(start));
  const trimmed = parts.map((part) => part.trim());
  // `p a,` or `p ,b` is no list: the evaluator says what is wrong with it.
  return trimmed.some((part) => part === '') ? [text.trim()] : trimmed;
}
