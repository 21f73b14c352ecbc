import type { DumpModel } from '../loader/index.js';
import { byValue } from './by-value.js';
import { MAX_ITEMS } from './get-properties.js';
import type { ObjectIds, ObjectTarget } from './object-ids.js';
import { CdpError } from './cdp-error.js';

/** What DevTools' and js-debug's own helper functions get back. */
export type CallAnswer = { result: Record<string, unknown> };

/**
 * Which helper a function declaration is. DevTools sends named functions (`packRanges`); js-debug
 * sends anonymous, minified ones, known by what survives minification: the built-ins and string
 * literals they use (its src/adapter/templates/).
 */
function helperOf(declaration: string): string | undefined {
  const has = (pattern: RegExp) => pattern.test(declaration);
  if (has(/\bpackRanges\b/)) return 'packRanges';
  if (has(/\bbuildArrayFragment\b/)) return 'buildArrayFragment';
  if (has(/\bbuildObjectFragment\b/)) return 'buildObjectFragment';
  if (has(/\bgetArraySlots\b/) || (has(/getOwnPropertyDescriptor\(this,/) && has(/this\.length/) && !has(/getOwnPropertyNames/))) return 'getArraySlots';
  if (has(/\bgetArrayProperties\b/) || (has(/getOwnPropertyNames\(this\)/) && has(/4294967295|0xffffffff/i))) return 'getArrayProperties';
  // js-debug 1.117's form of the custom toString() helper also JSON.stringifies a failure's text:
  // it is told by the `customProps` it returns, before the clipboard helper's JSON.stringify.
  if (has(/\[native code\]/) && has(/\bcustomProps\b/)) return 'stringyPropsWithCustom';
  if (has(/Clipboard|\[Circular\]|JSON\.stringify/)) return 'clipboard';
  if (has(/\[native code\]/)) return has(/Object\.entries\(this\)/) ? 'stringyProps' : 'customToString';
  if (has(/\binvokeGetter\b/) || has(/^\s*function\s*\w*\s*\(\s*[\w$]+\s*\)\s*\{\s*return\s+[\w$]+\.call\(this\);?\s*\}\s*$/)) return 'invokeGetter';
  return undefined;
}

/**
 * `Runtime.callFunctionOn` for the helpers DevTools and js-debug send to list and copy values;
 * recognised by `helperOf`, answered from the model. No function text is ever run: the process
 * is gone, and the sandbox runs expressions, not client code on dump objects.
 */
export function callFunctionOn(model: DumpModel, ids: ObjectIds, target: ObjectTarget | undefined, declaration: string, args: unknown[], returnByValue: boolean): CallAnswer {
  const handle = target && 'handle' in target ? target.handle : 0;
  const number = (at: number) => {
    const value = (args[at] as { value?: unknown } | undefined)?.value;
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : undefined;
  };
  const view = handle > 0 ? ids.viewOf(handle) : undefined;
  const length = view?.indexedCount ?? 0;
  const helper = helperOf(declaration);
  if (helper === 'packRanges') {
    // DevTools groups a big array's items into buckets of at most 100 per level, 100 levels deep.
    const from = number(0) ?? 0;
    const to = Math.min(number(1) ?? length - 1, length - 1);
    const threshold = Math.max(2, number(2) ?? 100);
    const count = Math.max(0, to - from + 1);
    const ranges: number[][] = [];
    if (count <= threshold) {
      ranges.push([from, to, count]);
    } else {
      const bucket = Math.pow(threshold, Math.ceil(Math.log(count) / Math.log(threshold)) - 1);
      for (let start = from; start <= to; start += bucket) ranges.push([start, Math.min(to, start + bucket - 1), Math.min(bucket, to - start + 1)]);
    }
    return { result: { type: 'object', value: { ranges, skipGetOwnPropertyNames: true } } };
  }
  if ((helper === 'buildArrayFragment' || helper === 'getArraySlots') && handle > 0) {
    const all = (at: number) => (args[at] as { value?: unknown } | undefined)?.value === -1;
    // -1 is js-debug's "from the start" and "to the end".
    const start = all(0) ? 0 : number(0) ?? 0;
    // DevTools passes an inclusive end index; js-debug a count.
    const end = helper === 'buildArrayFragment' ? (number(1) ?? start) + 1 : all(1) ? length : start + (number(1) ?? length);
    return { result: { type: 'object', className: 'Object', description: 'Array', objectId: ids.range(handle, start, Math.min(end, start + MAX_ITEMS)) } };
  }
  if ((helper === 'buildObjectFragment' || helper === 'getArrayProperties') && handle > 0) {
    return { result: { type: 'object', className: 'Object', description: 'Object', objectId: ids.named(handle) } };
  }
  if (helper === 'clipboard' && view) {
    const value = byValue(model, view);
    return { result: { type: 'string', value: typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value) } };
  }
  // Custom toString() results would come from running the program's code: there are none.
  if (helper === 'stringyProps') return { result: { type: 'object', value: {} } };
  // Nor a `Symbol.for('debug.properties')` method to run.
  if (helper === 'stringyPropsWithCustom') return { result: { type: 'object', value: { out: {}, customProps: false } } };
  if (helper === 'customToString') return { result: { type: 'undefined' } };
  if (helper === 'invokeGetter') {
    throw new CdpError(-32000, 'Getters are not run: this is a saved crash, and the accessor was not run during capture either');
  }
  throw new CdpError(-32000, 'Runtime.callFunctionOn cannot run this function: this is a saved crash, and only the DevTools and VS Code helpers that list and copy values are answered. Evaluate an expression in the console instead');
}
