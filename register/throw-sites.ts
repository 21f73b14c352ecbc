import type { ThrowSnapshot } from './throw-snapshot.js';

/** Primitive throw sites held at most; the oldest goes first. */
const MAX_PRIMITIVE_SITES = 32;
/** Recent thrown objects kept findable (weakly) for `recent()`. */
const MAX_RECENT = 32;

/**
 * Throw sites held until their value escapes, keyed by the thrown value's identity. An object's
 * site is held weakly: it lives exactly as long as the thrown object, so no number of handled
 * throws can push out the one that escapes later, and the site (with the scopes it keeps alive)
 * goes when a handled error is dropped. A rethrow keeps the original site. Primitives cannot be
 * held weakly: the newest few are kept, and a newer throw of an equal value from code other than
 * Node's replaces the older site, since a rethrow of a primitive cannot be told from a new throw.
 */
export class ThrowSites {
  #objects = new WeakMap<object, ThrowSnapshot>();
  #primitives = new Map<unknown, ThrowSnapshot>();
  #recent: Array<WeakRef<object>> = [];
  /**
   * Set under a test runner's integration only (`recent()`): other programs pay no WeakRef per
   * handled throw for a list nothing reads.
   */
  keepRecent = false;

  remember(snapshot: ThrowSnapshot): void {
    const key = snapshot.thrown;
    if (isObject(key)) {
      if (!this.#objects.has(key)) {
        this.#objects.set(key, snapshot);
        if (this.keepRecent) {
          this.#recent.push(new WeakRef(key));
          if (this.#recent.length > MAX_RECENT) this.#recent.shift();
        }
      }
      return;
    }
    // Node's own code rethrows what escapes (module loading, promise jobs): that is no new site.
    if (this.#primitives.has(key) && !snapshot.frames.some((frame) => frame.kind !== 'node')) return;
    this.#primitives.delete(key);
    this.#primitives.set(key, snapshot);
    if (this.#primitives.size > MAX_PRIMITIVE_SITES) this.#primitives.delete(this.#primitives.keys().next().value);
  }

  get(value: unknown): ThrowSnapshot | undefined {
    return isObject(value) ? this.#objects.get(value) : this.#primitives.get(value);
  }

  /**
   * The values of the newest sites still held, newest first: for a runner that hands on only a
   * copy of what a test threw (vitest serialises it), to find the thrown value itself.
   */
  recent(): unknown[] {
    const objects = this.#recent.map((ref) => ref.deref()).filter((value) => value !== undefined && this.#objects.has(value));
    return [...objects.reverse(), ...[...this.#primitives.keys()].reverse()];
  }

  delete(value: unknown): void {
    if (isObject(value)) this.#objects.delete(value);
    else this.#primitives.delete(value);
  }

  clear(): void {
    this.#objects = new WeakMap();
    this.#primitives.clear();
    this.#recent = [];
  }
}

const isObject = (value: unknown): value is object => (typeof value === 'object' && value !== null) || typeof value === 'function';
