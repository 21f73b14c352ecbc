import type { DumpModel, VariableView } from '../../loader/index.js';

/** Scope types whose variables count as a frame's locals in summaries (closures and modules do not). */
const LOCAL_TYPES = new Set(['local', 'block', 'catch', 'this', 'with', 'eval']);

/** A frame's variable, with the kind of scope it was found in. */
export type ScopedVariable = VariableView & { scope: string };

/**
 * The frame's locals (innermost first, shadowed names once) with `this` when it is defined;
 * `closures` adds the variables of closure scopes (what the function closed over), which
 * summaries show for the top frames.
 */
export function frameLocals(model: DumpModel, frameIndex: number, options: { all?: boolean; closures?: boolean } = {}): ScopedVariable[] {
  const seen = new Set<string>();
  const out: ScopedVariable[] = [];
  for (const scope of model.scopes(frameIndex)) {
    if (!options.all && !LOCAL_TYPES.has(scope.type) && !(options.closures && scope.type === 'closure')) continue;
    for (const variable of model.children(scope.handle, { filter: 'named' })) {
      if (seen.has(variable.name)) continue;
      seen.add(variable.name);
      if (variable.name === 'this' && variable.value.type === 'undefined') continue;
      out.push({ ...variable, scope: scope.type });
    }
  }
  return out;
}
