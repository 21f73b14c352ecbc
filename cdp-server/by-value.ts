import type { DumpModel, ValueView } from '../loader/index.js';

/** Nodes written at most by one by-value answer: a saved graph can be large and cyclic. */
const MAX_NODES = 2000;
const MAX_DEPTH = 8;

/**
 * A value as plain JSON, for `returnByValue` (DevTools' "Copy object", js-debug's clipboard):
 * objects become objects of their captured properties, arrays arrays, cycles and anything past
 * the limits a string saying so. Nothing runs: it is read from the model.
 */
export function byValue(model: DumpModel, view: ValueView): unknown {
  let budget = MAX_NODES;
  const walk = (value: ValueView, depth: number, seen: Set<number>): unknown => {
    if (--budget < 0) return '[not copied: too many values]';
    switch (value.type) {
      case 'undefined': return undefined;
      case 'null': return null;
      case 'boolean': return value.primitive ?? value.text === 'true';
      case 'number': return typeof value.primitive === 'number' ? value.primitive : value.text;
      case 'string': return typeof value.primitive === 'string' ? value.primitive : value.text;
      case 'object':
      case 'function':
        break;
      default:
        return value.text;
    }
    if (value.type === 'function' || value.handle <= 0) return value.text;
    if (seen.has(value.handle)) return '[Circular]';
    if (depth >= MAX_DEPTH) return value.text;
    const inner = new Set(seen).add(value.handle);
    const items = value.kind === 'array' || value.kind === 'set' || value.kind === 'bytes';
    if (items) return model.children(value.handle, { filter: 'indexed', count: 1000 }).map((child) => walk(child.value, depth + 1, inner));
    if (value.kind === 'map') {
      return Object.fromEntries(model.children(value.handle, { filter: 'indexed', count: 1000 }).map((entry) => {
        const [key, item] = model.children(entry.value.handle, { filter: 'named' });
        return [key ? String(walk(key.value, depth + 1, inner)) : '?', item ? walk(item.value, depth + 1, inner) : undefined];
      }));
    }
    const out: Record<string, unknown> = {};
    for (const child of model.children(value.handle, { filter: 'named', count: 1000 })) {
      if (child.presentation === 'internal' && child.name.startsWith('[[')) continue;
      if (child.presentation === 'accessor') continue;
      // Keys come from the dump: defined as data, so `__proto__` stays a plain key.
      Object.defineProperty(out, child.name, { value: walk(child.value, depth + 1, inner), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(view, 0, new Set());
}
