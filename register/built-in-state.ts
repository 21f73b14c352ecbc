import type { ObjectNode } from '../dump/types.js';
import { intrinsics as I } from './intrinsics.js';
import { ownData } from './safe-read.js';
import type { ValueGraph } from './value-graph.js';

/**
 * Node's built-ins whose state lives in private fields or internal slots, with the accessors (and
 * the one method) that describe it. They are read by Node's own functions, taken from the
 * built-in's prototype, and only once the inspector has shown that its class is defined in a
 * `node:` script, so no code of the program runs; `req.headers` of IncomingMessage is left out on
 * purpose: its getter builds and caches an object.
 */
const DESCRIBED: Record<string, { getters: string[]; methods?: string[] }> = {
  URL: { getters: ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] },
  URLSearchParams: { getters: ['size'], methods: ['toString'] },
  Request: { getters: ['method', 'url', 'redirect', 'mode', 'credentials', 'cache', 'destination', 'referrer', 'keepalive', 'bodyUsed'] },
  Response: { getters: ['status', 'statusText', 'ok', 'type', 'url', 'redirected', 'bodyUsed'] },
  AbortSignal: { getters: ['aborted', 'reason'] },
  Blob: { getters: ['size', 'type'] },
  File: { getters: ['size', 'type', 'name', 'lastModified'] },
  Event: { getters: ['type', 'timeStamp', 'defaultPrevented', 'cancelable', 'bubbles', 'composed', 'eventPhase'] },
};

/** An object whose prototype chain has one of the built-ins above. */
export interface BuiltInCandidate {
  id: number;
  target: object;
  proto: object;
  owner: Function;
  name: string;
}

/** The built-in a prototype belongs to, when it is one of those described. */
export function describedBuiltIn(proto: object): { owner: Function; name: string } | undefined {
  const owner = ownData(proto, 'constructor');
  if (typeof owner !== 'function') return undefined;
  const name = ownData(owner, 'name');
  return typeof name === 'string' && Object.hasOwn(DESCRIBED, name) ? { owner, name } : undefined;
}

/**
 * Adds the described state to each candidate's node as properties marked `builtIn` (after its own
 * and private ones), read by the built-in's own accessors. A class not found to be Node's is left
 * alone: its accessors stay accessors, shown and never run.
 */
export function readBuiltInState(graph: ValueGraph, candidates: BuiltInCandidate[], problems: string[]): void {
  for (const candidate of candidates.slice(0, 500)) {
    const ownerId = graph.idOf(candidate.owner);
    const owner = ownerId === undefined ? undefined : graph.objects[ownerId];
    const node = graph.objects[candidate.id] as ObjectNode | undefined;
    if (!node || owner?.kind !== 'function' || !owner.location?.url.startsWith('node:')) continue;
    const { getters, methods = [] } = DESCRIBED[candidate.name]!;
    for (const name of [...getters, ...methods]) {
      const descriptor = I.getOwnPropertyDescriptor(candidate.proto, name);
      const fn = getters.includes(name) ? descriptor?.get : descriptor?.value;
      if (typeof fn !== 'function') continue;
      let value: unknown;
      try {
        value = (fn as (this: object) => unknown).call(candidate.target);
      } catch (error) {
        problems.push(`${candidate.name}.${name} could not be read: ${(error as Error)?.message ?? String(error)}`);
        continue;
      }
      const property = graph.property(getters.includes(name) ? name : `${name}()`, { value, enumerable: false }, 1);
      property.builtIn = true;
      node.props.push(property);
    }
  }
  graph.drain();
}
