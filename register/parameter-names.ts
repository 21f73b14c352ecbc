/**
 * The parameter names of a function, read from its source text at the position V8 reports as the
 * function's start: `(a, b = 2, ...rest)`, `async x => …`, `{ id, name }` (a destructuring pattern
 * is kept as written). Returns `undefined` when the text does not look like a parameter list.
 */
export function parameterNames(text: string, offset: number): string[] | undefined {
  const head = text.slice(offset, offset + 2_000);
  const arrow = /^(?:async\s+)?([\p{L}\p{N}_$]+)\s*=>/u.exec(head);
  if (arrow) return [arrow[1]!];
  const open = head.indexOf('(');
  if (open === -1 || /[{};]/.test(head.slice(0, open))) return undefined;
  const names: string[] = [];
  let depth = 0;
  let current = '';
  let quote = '';
  for (let index = open + 1; index < head.length; index++) {
    const char = head[index]!;
    if (quote) {
      if (char === quote && head[index - 1] !== '\\') quote = '';
      current += char;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
    else if (char === ')') {
      if (depth === 0) {
        if (current.trim()) names.push(nameOf(current));
        return names;
      }
      depth--;
    } else if (char === ',' && depth === 0) {
      names.push(nameOf(current));
      current = '';
      continue;
    }
    current += char;
  }
  return undefined;
}

/** `b = 2` → `b`, `...rest` → `rest`, `id: string` (TypeScript) → `id`, `{ id }` stays `{ id }`. */
function nameOf(parameter: string): string {
  let depth = 0;
  for (let index = 0; index < parameter.length; index++) {
    const char = parameter[index];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if ((char === '=' || char === ':') && depth === 0) return clean(parameter.slice(0, index));
  }
  return clean(parameter);
}

const clean = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').trim().replace(/^\.\.\./, '').replace(/\?$/, '');
