// Small readers over a decoded dump, so that tests state what they check, not how to walk JSON.

/** The variables of a frame, innermost scope first, as `{ name → Value }` (first binding wins). */
export function variables(frame) {
  const found = {};
  for (const scope of frame.scopes) {
    for (const variable of scope.variables) if (!(variable.name in found)) found[variable.name] = variable.value;
  }
  return found;
}

/** The first frame whose function is `name`. */
export function frameNamed(dump, name) {
  return dump.frames.find((frame) => frame.functionName === name);
}

/** The object a `{ t: 'ref' }` value points to. */
export function deref(dump, value) {
  if (!value || value.t !== 'ref') throw new Error(`expected an object reference, got ${JSON.stringify(value)}`);
  return dump.objects[value.ref];
}

/** An object's own property value by name. */
export function prop(node, name) {
  return node.props.find((property) => property.name === name)?.value;
}
