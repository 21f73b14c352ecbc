import type { VariableView } from '../loader/index.js';

/** What a DAP `variablesReference` stands for in one session. */
export interface RefTarget {
  /** The model handle whose children are listed; 0 for a fixed list. */
  handle: number;
  /** An expression that gives this value in `frameIndex`, so that children get one too. */
  evaluateName?: string;
  /** The value's object kind (`map`, `set`, `entry`, `scope`, …): it decides the children's expressions. */
  kind?: string;
  /** How many of the children are named (the rest are indexed). */
  namedCount: number;
  /** The frame the value was reached from (evaluateName is valid there). */
  frameIndex: number;
  /** Children that are not in the model (the Exception scope of a thrown primitive). */
  list?: VariableView[];
}

/** References above this are refused: DAP clients store them as 32-bit integers. */
const MAX_REF = 0x7fff_ffff;

/**
 * The `variablesReference` numbers of one session. Model handles are shared by every session; a
 * reference adds the path it was reached by (for `evaluateName`), so each session numbers its
 * own. The same path always gets the same number, so expanding a node twice grows nothing.
 */
export class VariableRefs {
  #targets: RefTarget[] = [];
  #byKey = new Map<string, number>();

  add(target: RefTarget): number {
    const key = `${target.handle}\0${target.frameIndex}\0${target.evaluateName ?? ''}\0${target.list ? this.#targets.length : ''}`;
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    if (this.#targets.length >= MAX_REF) return 0;
    this.#targets.push(target);
    const ref = this.#targets.length;
    this.#byKey.set(key, ref);
    return ref;
  }

  get(ref: unknown): RefTarget | undefined {
    return typeof ref === 'number' && Number.isInteger(ref) && ref >= 1 ? this.#targets[ref - 1] : undefined;
  }
}
