import { describedBuiltIn } from './built-in-state.js';
import { intrinsics as I } from './intrinsics.js';
import { ownData } from './safe-read.js';

const { types } = I;

/**
 * What the capture learns from prototype chains, through descriptors only (no getter, no Proxy
 * trap): which class owns a method, whether a class declares `#private` members, which built-in
 * an object is. Caches are per capture.
 */
export class PrototypeChains {
  /** A method or accessor function of a captured prototype → the class (its `constructor`). */
  #owners = new WeakMap<object, object>();
  /** Per class: whether its source declares `#private` members. */
  #declaresPrivate = new WeakMap<object, boolean>();

  /** Remembers the class of each method and accessor of a prototype being captured. */
  noteMembers(proto: object): void {
    if (types.isProxy(proto)) return;
    const owner = ownData(proto, 'constructor');
    if (typeof owner !== 'function') return;
    for (const key of I.ownKeys(proto)) {
      if (key === 'constructor') continue;
      const descriptor = I.getOwnPropertyDescriptor(proto, key);
      for (const member of descriptor ? [descriptor.value, descriptor.get, descriptor.set] : []) {
        if (typeof member === 'function' && !this.#owners.has(member)) this.#owners.set(member, owner);
      }
    }
  }

  /** The class a function is a method or accessor of, when its prototype was captured. */
  ownerOf(fn: object): object | undefined {
    return this.#owners.get(fn);
  }

  /**
   * Whether a class on the object's prototype chain declares `#private` members: only the
   * inspector can read them, one call per object, so only such objects are sent to it. A class's
   * source text is its declaration; it is read once per class.
   */
  hasPrivateMembers(target: object): boolean {
    for (let proto = I.getPrototypeOf(target) as object | null, hops = 0; isOwnChain(proto) && hops < 20; hops++) {
      const owner = ownData(proto, 'constructor');
      if (typeof owner === 'function' && !types.isProxy(owner)) {
        let declares = this.#declaresPrivate.get(owner);
        if (declares === undefined) {
          let text = '';
          try {
            text = I.functionToString.call(owner);
          } catch {
            // Not readable: treated as declaring none.
          }
          declares = text.startsWith('class') && /#[A-Za-z_$]/.test(text);
          this.#declaresPrivate.set(owner, declares);
        }
        if (declares) return true;
      }
      proto = I.getPrototypeOf(proto) as object | null;
    }
    return false;
  }

  /** The described built-in (URL, Request, …) on a prototype chain, with its prototype. */
  builtInOf(proto: object): { proto: object; owner: Function; name: string } | undefined {
    for (let current: object | null = proto, hops = 0; isOwnChain(current) && hops < 8; hops++) {
      const found = describedBuiltIn(current);
      if (found) return { proto: current, ...found };
      current = I.getPrototypeOf(current) as object | null;
    }
    return undefined;
  }
}

/** Still on the program's (or Node's) part of a chain: not null, not the language's own, no Proxy. */
const isOwnChain = (proto: object | null): proto is object =>
  proto !== null && !I.setHas.call(I.builtInPrototypes, proto) && !types.isProxy(proto);
