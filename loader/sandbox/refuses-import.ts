/**
 * Whether an expression calls `import(…)`. Node 20 rejects a sandboxed `import()` with an error
 * from the host's realm, whose constructor chain would reach the host, so such expressions are
 * refused before they run. Conservative: `import (` inside a string is refused too.
 */
export function refusesImport(expression: string): boolean {
  const word = /(?<![\w$.])import(?![\w$])/g;
  for (let match = word.exec(expression); match; match = word.exec(expression)) {
    // Skip blanks and comments between `import` and what follows.
    const rest = expression.slice(match.index + 6).replace(/^(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*/, '');
    if (rest.startsWith('(') || rest.startsWith('.')) return true;
  }
  return false;
}
