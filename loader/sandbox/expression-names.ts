/**
 * Which of a frame's variables an expression can reach. The sandbox cannot compile strings
 * (`codeGeneration: { strings: false }` in frame-sandbox.ts), so an expression reads a captured
 * variable only by writing its name, or through the global object, where the variables live.
 * A name is taken from the text wherever it appears (in a string or a comment too): more than
 * needed is harmless, one too few would make a captured variable look undefined.
 */

/**
 * Tokens after which the whole frame is sent, each because it is a way to the global object (and
 * from there to every variable, by a computed name) or to a variable by a name not in the text.
 */
const FALLBACK_TOKENS: ReadonlySet<string> = new Set([
  // The global object itself.
  'globalThis',
  // At the top level of a script, and in a sloppy function called without a receiver, `this` is
  // the global object; it is also the frame's own `this`, sent only with the whole frame.
  'this',
  // A sloppy method called without a receiver passes the global object as the receiver of
  // `super.valueOf()` (Object.prototype.valueOf answers it): the global without writing `this`.
  'super',
  // Call sites handed to `Error.prepareStackTrace` answer `getThis()` (the sandbox locks that
  // formatter, but a captured variable named `Error` is set up with the whole frame only).
  'Error',
  // The expression wrapper's `arguments` holds the captured `Error` when the frame has one that
  // could not be locked (frame-sandbox.ts): a variable reached by another name.
  'arguments',
]);

/** Where the sandbox keeps the frame's `this` and a captured `Error`: names of frame values too. */
const INTERNAL_PREFIX = '__wipeout';

/** A run of characters that can make up an identifier (ID_Continue, `$`, ZWNJ, ZWJ). */
const TOKEN = /[\p{ID_Continue}$\u200C\u200D]+/gu;

/**
 * The names of `frameNames` that `expression` may read or write, or `'all'` when it may reach the
 * global object (see FALLBACK_TOKENS) or spells an identifier with a `\u` escape (`\u0069d` is `id`).
 */
export function expressionNames(expression: string, frameNames: Iterable<string>): Set<string> | 'all' {
  if (expression.includes('\\u')) return 'all';
  const tokens = new Set<string>();
  for (const [token] of expression.matchAll(TOKEN)) {
    if (FALLBACK_TOKENS.has(token) || token.startsWith(INTERNAL_PREFIX)) return 'all';
    tokens.add(token);
  }
  // Outside ASCII, this engine's idea of an identifier character might differ from the one that
  // parses the expression: there a frame name anywhere in the text counts, split or not.
  const ascii = /^[\x00-\x7f]*$/.test(expression);
  if (!ascii) {
    for (const token of FALLBACK_TOKENS) if (expression.includes(token)) return 'all';
    if (expression.includes(INTERNAL_PREFIX)) return 'all';
  }
  const names = new Set<string>();
  for (const name of frameNames) if (tokens.has(name) || (!ascii && expression.includes(name))) names.add(name);
  return names;
}
