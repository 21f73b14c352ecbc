import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel, ScopeView } from '../loader/index.js';
import { addCounts, referenceFor } from './to-dap-variable.js';
import type { VariableRefs } from './variable-refs.js';

/**
 * The scopes of a frame, innermost first, then "Exception": the thrown error, for clients (such as
 * JetBrains' LSP4IJ) that never send `exceptionInfo`.
 */
export function dapScopes(model: DumpModel, frameIndex: number, refs: VariableRefs): DebugProtocol.Scope[] {
  const scopes: DebugProtocol.Scope[] = model.scopes(frameIndex).map((scope) => ({
    name: scope.name,
    presentationHint: hintOf(scope),
    variablesReference: refs.add({ handle: scope.handle, frameIndex, kind: 'scope', namedCount: scope.count }),
    namedVariables: scope.count,
    indexedVariables: 0,
    // Module and script scopes can be large; clients expand only cheap scopes on their own.
    expensive: scope.type === 'module' || scope.type === 'script',
  }));
  if (model.frame(frameIndex)?.loaderTool) {
    // An empty scope that says why there is nothing, rather than a frame that looks variable-less.
    scopes.push({ name: 'Not captured: a loader tool\'s frame (WIPEOUT_LOADER_SCOPES=1 keeps them)', variablesReference: 0, expensive: false });
  }
  scopes.push(exceptionScope(model, frameIndex, refs));
  return scopes;
}

function hintOf(scope: ScopeView): string {
  if (scope.type === 'local' || scope.type === 'this') return 'locals';
  if (scope.type === 'catch') return 'locals';
  return scope.type;
}

function exceptionScope(model: DumpModel, frameIndex: number, refs: VariableRefs): DebugProtocol.Scope {
  const value = model.exception.value;
  const scope: DebugProtocol.Scope = { name: 'Exception', presentationHint: 'exception', variablesReference: 0, expensive: false };
  if (value.handle > 0) {
    scope.variablesReference = referenceFor(value, frameIndex, undefined, refs);
    scope.namedVariables = value.namedCount;
    addCounts(scope, value);
  } else {
    // A thrown primitive has no children of its own: the scope lists it as one variable.
    scope.variablesReference = refs.add({ handle: 0, frameIndex, namedCount: 1, list: [{ name: 'exception', value }] });
    scope.namedVariables = 1;
  }
  return scope;
}
