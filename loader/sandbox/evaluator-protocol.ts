/**
 * Messages between the loader and the evaluator process (through the relay worker). Expressions run
 * in that separate process, so nothing an expression makes ever exists in the loader: the loader
 * receives only descriptions of values (`RemoteValue`), and asks for children by id.
 */

/** A value as the evaluator describes it. */
export type RemoteValue =
  /** An object rebuilt from the dump: the loader shows it from the dump's own graph. */
  | { kind: 'dump'; ref: number }
  /** A primitive (`primitive` is the value itself unless it is a symbol). */
  | { kind: 'leaf'; type: LeafType; text: string; primitive?: string | number | boolean | bigint | null }
  /** An object an expression made: expandable by `id` while the evaluator lives. */
  | { kind: 'object'; type: 'object' | 'function'; text: string; id: number; namedCount: number; indexedCount: number }
  /** A slot with no value to show: an accessor (`[Getter]`), an array hole, a marker. */
  | { kind: 'note'; text: string };

export type LeafType = 'undefined' | 'null' | 'boolean' | 'number' | 'bigint' | 'string' | 'symbol';

export interface RemoteChild {
  name: string;
  value: RemoteValue;
  presentation?: 'accessor' | 'marker';
}

/** How `evaluate` also prints its result with `util.inspect`, for the terminal debugger. */
export interface PrintStyle {
  pretty: boolean;
  colors: boolean;
}

export type EvaluatorRequest =
  /**
   * Part `part` of frame `frame`'s values (sandbox-spec.ts): part 0 builds the frame's sandbox,
   * each later one adds variables and objects to it, in order.
   */
  | { op: 'frame'; frame: number; spec: string; part: number }
  | { op: 'evaluate'; frame: number; expression: string; timeout: number; maxLength: number; print?: PrintStyle }
  | { op: 'children'; id: number; filter: 'named' | 'indexed'; start: number; count: number; maxLength: number }
  | { op: 'completions'; frame: number; expression: string };

export type EvaluatorResponse =
  | { ok: true; value: RemoteValue; printed?: string }
  | { ok: true; children: RemoteChild[] }
  | { ok: true; names: string[] }
  | { ok: true }
  | { ok: false; error: string };

/** What the relay adds: which evaluator process answered, so ids from a dead one are not reused. */
export type RelayResponse = EvaluatorResponse & { generation: number };

/** The relay worker's start-up data. */
export interface RelaySetup {
  /** Int32Array(1) over it: the relay sets 1 and notifies when a response is ready. */
  signal: SharedArrayBuffer;
  /** The evaluator process's heap limit in MB, before room for the frames' values is added. */
  heapMb: number;
  /** The generation of the relay's first evaluator: generations never repeat within a model. */
  firstGeneration: number;
}
