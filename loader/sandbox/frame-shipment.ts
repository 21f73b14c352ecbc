import type { LoadedDump } from '../dump-model.js';
import { specPart } from './sandbox-spec.js';

/** What a frame's sandbox was given so far: the sandbox grows as expressions name more variables. */
export class FrameShipment {
  /** Variables given (every binding of each name, so that inner scopes still shadow outer ones). */
  readonly names = new Set<string>();
  /** Objects given, and refs found missing from the dump: each is sent once, so it stays one object. */
  readonly refs = new Set<number>();
  /** Whether every variable and `this` were given, and the sandbox locked as a whole frame is. */
  complete = false;
  /** Parts sent so far. */
  parts = 0;

  /**
   * The part that gives the sandbox `wanted` (names, or `'all'` for the whole frame), as the JSON
   * `buildInContext` takes, or `undefined` when it has them already. Nothing counts as sent before
   * `commit()`, so a part that could not be delivered is built again next time.
   */
  next(model: LoadedDump, frameIndex: number, wanted: ReadonlySet<string> | 'all'): { text: string; commit: () => void } | undefined {
    if (this.complete) return undefined;
    // The first part makes the sandbox, so it goes even when it names nothing (`1 + 1`).
    if (this.parts > 0 && wanted !== 'all' && [...wanted].every((name) => this.names.has(name))) return undefined;
    const take = (name: string) => !this.names.has(name) && (wanted === 'all' || wanted.has(name));
    const part = specPart(model, frameIndex, take, wanted === 'all', this.refs);
    return {
      text: part.text,
      commit: () => {
        for (const name of part.names) this.names.add(name);
        for (const ref of part.refs.keys()) this.refs.add(ref);
        if (wanted === 'all') this.complete = true;
        this.parts++;
      },
    };
  }
}
