import type { VariableView } from '../loader/index.js';
import type { RefTarget } from './variable-refs.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INDEX = /^\d+$/;

/**
 * The expression that gives a child in the frame's sandbox, so that clients can "Add to Watch" or
 * "Copy as Expression". `undefined` for children no expression reaches (markers, internal slots
 * such as `[[Location]]`, symbol keys, accessors' halves).
 */
export function childEvaluateName(parent: RefTarget, child: VariableView, indexed: boolean): string | undefined {
  if (child.presentation === 'marker') return undefined;
  const name = child.name;
  if (parent.kind === 'scope') return IDENTIFIER.test(name) ? name : undefined;
  const base = parent.evaluateName;
  if (base === undefined) return undefined;
  switch (parent.kind) {
    case 'entry':
      return name === 'key' ? `${base}[0]` : name === 'value' ? `${base}[1]` : undefined;
    case 'accessor':
      return undefined;
    case 'map':
      if (indexed) return `[...${base}.entries()][${name}]`;
      break;
    case 'set':
      if (indexed) return `[...${base}][${name}]`;
      break;
  }
  if (name === '[[Prototype]]') return `Object.getPrototypeOf(${base})`;
  if (name.startsWith('[')) return undefined;
  if (IDENTIFIER.test(name)) return `${base}.${name}`;
  if (INDEX.test(name)) return `${base}[${name}]`;
  return `${base}[${JSON.stringify(name)}]`;
}
