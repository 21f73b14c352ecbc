import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ValueView, VariableView } from '../loader/index.js';
import { childEvaluateName } from './evaluate-name.js';
import type { RefTarget, VariableRefs } from './variable-refs.js';

/** A DAP variable for a child of `parent`; its own children get a reference of this session. */
export function toDapVariable(child: VariableView, parent: RefTarget, indexed: boolean, refs: VariableRefs): DebugProtocol.Variable {
  const evaluateName = childEvaluateName(parent, child, indexed);
  const variable: DebugProtocol.Variable = {
    name: child.name,
    value: child.value.text,
    type: typeName(child.value),
    variablesReference: referenceFor(child.value, parent.frameIndex, evaluateName, refs),
  };
  if (evaluateName !== undefined) variable.evaluateName = evaluateName;
  addCounts(variable, child.value);
  const hint = presentationHint(child);
  if (hint) variable.presentationHint = hint;
  return variable;
}

/** A reference for a value's children, or 0 when it has none. */
export function referenceFor(value: ValueView, frameIndex: number, evaluateName: string | undefined, refs: VariableRefs): number {
  if (value.handle <= 0) return 0;
  const target: RefTarget = { handle: value.handle, frameIndex, namedCount: value.namedCount };
  if (evaluateName !== undefined) target.evaluateName = evaluateName;
  if (value.kind !== undefined) target.kind = value.kind;
  return refs.add(target);
}

/** Clients page indexed children only when they are told how many there are. */
export function addCounts(into: { namedVariables?: number; indexedVariables?: number }, value: ValueView): void {
  if (value.handle <= 0) return;
  if (value.indexedCount > 0) {
    into.indexedVariables = value.indexedCount;
    into.namedVariables = value.namedCount;
  }
}

/** What the Variables view shows next to the name: the class for objects, the type otherwise. */
export function typeName(value: ValueView): string {
  return value.className ?? value.type;
}

function presentationHint(child: VariableView): DebugProtocol.VariablePresentationHint | undefined {
  if (child.presentation === 'marker') return { kind: 'virtual', attributes: ['readOnly'] };
  if (child.presentation === 'internal') return { visibility: 'internal' };
  if (child.presentation === 'private') return { kind: 'property', visibility: 'private' };
  if (child.presentation === 'accessor') return { kind: 'property', attributes: ['hasSideEffects'], lazy: false };
  if (child.value.type === 'redacted') return { attributes: ['readOnly'] };
  if (child.value.type === 'function') return { kind: 'method' };
  return undefined;
}
