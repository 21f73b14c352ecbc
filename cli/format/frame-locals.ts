import type { DumpModel, VariableView } from '../../loader/index.js';

/** Scope types whose variables count as a frame's locals in summaries (closures and modules do not). */
const LOCAL_TYPES = new Set(['local', 'block', 'catch', 'this', 'with', 'eval']);

/** The frame's locals (innermost first, shadowed names once) with `this` when it is defined. */
export function frameLocals(model: DumpModel, frameIndex: number, options: { all?: boolean } = {}): VariableView[] {
  const seen = new Set<string>();
  const out: VariableView[] = [];
  for (const scope of model.scopes(frameIndex)) {
    if (!options.all && !LOCAL_TYPES.has(scope.type)) continue;
    for (const variable of model.children(scope.handle, { filter: 'named' })) {
      if (seen.has(variable.name)) continue;
      seen.add(variable.name);
      if (variable.name === 'this' && variable.value.type === 'undefined') continue;
      out.push(variable);
    }
  }
  return out;
}
