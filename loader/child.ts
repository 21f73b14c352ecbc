import type { Value } from '../dump/types.js';
import type { RemoteValue } from './sandbox/evaluator-protocol.js';
import type { MissingValue } from './object-graph.js';

/**
 * What a child slot of the model holds: a dump value, or one of the synthetic values the model
 * adds (a Map entry, an accessor, a note such as `…12 more items`, an array hole, or a value an
 * expression produced, which lives in the evaluator process).
 */
export type ChildValue = Value | MissingValue | Synthetic;

/**
 * Marks the model's own values. A symbol key cannot come out of JSON, so a hostile dump cannot
 * forge a synthetic value with `{"t": "$remote"}`.
 */
export const SYNTHETIC = Symbol('wipeout synthetic value');

export type Synthetic = { [SYNTHETIC]: true } & (
  | { t: '$entry'; ref: number; index: number }
  | { t: '$accessor'; get?: Value; set?: Value }
  | { t: '$note'; text: string }
  | { t: '$hole' }
  | { t: '$remote'; generation: number; value: Extract<RemoteValue, { kind: 'leaf' | 'object' }> }
);

export const isSynthetic = (value: unknown): value is Synthetic =>
  typeof value === 'object' && value !== null && SYNTHETIC in value;

export const entryValue = (ref: number, index: number): Synthetic => ({ [SYNTHETIC]: true, t: '$entry', ref, index });
export const accessorValue = (get?: Value, set?: Value): Synthetic => ({ [SYNTHETIC]: true, t: '$accessor', get, set });
export const noteValue = (text: string): Synthetic => ({ [SYNTHETIC]: true, t: '$note', text });
export const holeValue: Synthetic = { [SYNTHETIC]: true, t: '$hole' };

/** A value from the evaluator as the model holds it; objects rebuilt from the dump become refs. */
export function remoteValue(value: RemoteValue, generation: number): ChildValue {
  switch (value.kind) {
    case 'dump':
      return { t: 'ref', ref: value.ref };
    case 'note':
      return noteValue(value.text);
    default:
      return { [SYNTHETIC]: true, t: '$remote', generation, value };
  }
}

export interface Child {
  name: string;
  value: ChildValue;
  presentation?: 'accessor' | 'internal' | 'marker' | 'private';
}

/** The children of one container, with the indexed ones computed only for the page asked. */
export interface ChildList {
  named(): Child[];
  indexedCount: number;
  indexed(start: number, count: number): Child[];
}

export const note = (name: string, text: string): Child => ({ name, value: noteValue(text), presentation: 'marker' });
export const internal = (name: string, value: ChildValue): Child => ({ name, value, presentation: 'internal' });
export const noChildren: ChildList = { named: () => [], indexedCount: 0, indexed: () => [] };
