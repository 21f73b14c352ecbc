import type { Value } from '../dump/types.js';
import type { MissingValue } from './object-graph.js';

/**
 * What a child slot of the model holds: a dump value, or one of the synthetic values the model
 * adds (a Map entry, an accessor, a note such as `…12 more items`, an array hole, or a live value
 * produced by evaluating an expression).
 */
export type ChildValue =
  | Value
  | MissingValue
  | { t: '$entry'; ref: number; index: number }
  | { t: '$accessor'; get?: Value; set?: Value }
  | { t: '$note'; text: string }
  | { t: '$hole' }
  | { t: '$live'; value: unknown };

export interface Child {
  name: string;
  value: ChildValue;
  presentation?: 'accessor' | 'internal' | 'marker';
}

/** The children of one container, with the indexed ones computed only for the page asked. */
export interface ChildList {
  named(): Child[];
  indexedCount: number;
  indexed(start: number, count: number): Child[];
}

export const note = (name: string, text: string): Child => ({ name, value: { t: '$note', text }, presentation: 'marker' });
export const internal = (name: string, value: ChildValue): Child => ({ name, value, presentation: 'internal' });
export const noChildren: ChildList = { named: () => [], indexedCount: 0, indexed: () => [] };
