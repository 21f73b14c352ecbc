/** What a handle stands for. */
export type HandleTarget =
  | { type: 'scope'; frame: number; scope: number }
  | { type: 'node'; ref: number }
  | { type: 'entry'; ref: number; index: number }
  | { type: 'accessor'; get: unknown; set: unknown }
  | { type: 'remote'; generation: number; id: number; indexedCount: number };

/**
 * Numeric handles for everything that has children. The same target always gets the same handle
 * (keyed by dump reference, or by the evaluator's id), so a debugger can cache by handle.
 */
export class HandleTable {
  #byKey = new Map<string, number>();
  #targets: HandleTarget[] = [];

  /** The handle of a target named by a key (`n:12` for object 12), allocated on first use. */
  forKey(key: string, make: () => HandleTarget): number {
    let handle = this.#byKey.get(key);
    if (handle === undefined) {
      handle = this.#push(make());
      this.#byKey.set(key, handle);
    }
    return handle;
  }


  get(handle: number): HandleTarget | undefined {
    return Number.isInteger(handle) ? this.#targets[handle - 1] : undefined;
  }

  #push(target: HandleTarget): number {
    this.#targets.push(target);
    return this.#targets.length;
  }
}
