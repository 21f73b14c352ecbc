import type { DumpModel } from '../loader/index.js';
import { byValue } from './by-value.js';
import { MAX_ITEMS } from './get-properties.js';
import type { ObjectIds, ObjectTarget } from './object-ids.js';
import { CdpError } from './cdp-error.js';

/** What DevTools' and js-debug's own helper functions get back. */
export type CallAnswer = { result: Record<string, unknown> };

/**
 * `Runtime.callFunctionOn` for the helpers DevTools and js-debug send to list and copy values;
 * recognised by their names, answered from the model. No function text is ever run: the process
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
  if (/\bpackRanges\b/.test(declaration)) {
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
  if (/\b(buildArrayFragment|getArraySlots)\b/.test(declaration) && handle > 0) {
    const start = number(0) ?? 0;
    // DevTools passes an inclusive end index; js-debug a count.
    const end = /buildArrayFragment/.test(declaration) ? (number(1) ?? start) + 1 : start + (number(1) ?? MAX_ITEMS);
    return { result: { type: 'object', className: 'Object', description: 'Array', objectId: ids.range(handle, start, Math.min(end, start + MAX_ITEMS)) } };
  }
  if (/\b(buildObjectFragment|getArrayProperties)\b/.test(declaration) && handle > 0) {
    return { result: { type: 'object', className: 'Object', description: 'Object', objectId: ids.named(handle) } };
  }
  if (/Clipboard|JSON\.stringify/.test(declaration) && view) {
    const value = byValue(model, view);
    return { result: { type: 'string', value: typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value) } };
  }
  if (/\b(getStringyProps|getDescriptions)\b/.test(declaration) && returnByValue) {
    // Custom toString() results would come from running the program's code: there are none.
    return { result: { type: 'object', value: {} } };
  }
  if (/\binvokeGetter\b/.test(declaration)) {
    throw new CdpError(-32000, 'Getters are not run: this is a saved crash, and the accessor was not run during capture either');
  }
  throw new CdpError(-32000, 'Runtime.callFunctionOn cannot run this function: this is a saved crash, and only the DevTools and VS Code helpers that list and copy values are answered. Evaluate an expression in the console instead');
}
