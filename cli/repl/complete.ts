import { printable } from '../printable.js';
import { COMMANDS } from './commands.js';
import type { Session } from './session.js';

/** Globals of the sandbox worth offering (the context has the standard built-ins only). */
const GLOBALS = ['Array', 'BigInt', 'Boolean', 'Date', 'Error', 'JSON', 'Map', 'Math', 'Number', 'Object', 'Promise', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'globalThis'];

/**
 * What every object inherits from Object.prototype: offered after a dot only once a letter of them
 * is typed, so that `order.customer.<Tab>` shows the customer's own properties, not these first.
 */
const OBJECT_PROTOTYPE = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A property chain at the end of the line: `order.customer.na`, `this.items[0].pr`, `m['k'].`.
 * Only names and literal indexes, never calls: completing must not run code of the expression.
 */
const CHAIN = /(?:[\w$]+(?:\[(?:\d+|'[^'\\]*'|"[^"\\]*")\])*\s*\.\s*)*[\w$]*$/;

/**
 * Tab completion for node:repl: command names at the start of the line, then names in the current
 * frame, and after a dot the properties of what the expression before it evaluates to.
 */
export function complete(session: Session, line: string): [string[], string] {
  const words = line.match(/^\s*(\S*)(\s*)/)!;
  const first = words[1]!;
  const atStart = words[2] === '' && /^\s*\S*$/.test(line);
  const token = CHAIN.exec(line)?.[0] ?? '';
  if (atStart && !token.includes('.')) {
    const names = [...Object.keys(COMMANDS), ...session.model.namesInFrame(session.frame), ...GLOBALS];
    return [unique(names.filter((n) => n.startsWith(first))), first];
  }
  const dot = token.lastIndexOf('.');
  if (dot === -1) {
    const names = [...session.model.namesInFrame(session.frame), ...GLOBALS];
    return [unique(names.filter((n) => n.startsWith(token))), token];
  }
  const object = token.slice(0, dot).trim();
  const partial = token.slice(dot + 1).trim();
  const keys = session.model.completions(session.frame, object)
    .filter((k) => k.startsWith(partial) && /^[A-Za-z_$][\w$]*$/.test(k) && (partial !== '' || !OBJECT_PROTOTYPE.has(k)));
  return [unique(keys).map((k) => `${token.slice(0, dot + 1)}${k}`), token];
}

// node:repl prints completions as they are: a name with control characters (a hostile dump's) is
// not offered.
const unique = (names: string[]) => [...new Set(names.filter((n) => printable(n, { singleLine: true }) === n))].sort();
