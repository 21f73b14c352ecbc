import type { ChangesAfterThrow } from './changed-after-throw.js';
import type { Dump, EscapeInfo, FrameKind, ProcessInfo, ScopeType } from '../dump/types.js';

/**
 * The model of a loaded dump that every debugger shares (the terminal one, the DAP server, a
 * user's module). It knows nothing of DAP or of terminals: positions are 1-based, handles are
 * positive integers, and 0 means "no children".
 */
export interface DumpModel {
  /** The decoded dump, as written. Prefer the views below: they tolerate damaged dumps. */
  readonly dump: Dump;
  /** Where the dump was read from (a path or URL), for messages. */
  readonly location: string;
  readonly reason: Dump['reason'];
  /** When the crash was captured (ISO 8601). */
  readonly time: string;
  readonly process: ProcessInfo;
  /**
   * The thread that crashed (id 1), then one pseudo-thread per error of the cause chain whose own
   * throw site was captured (`causeDepth` 1 = the escaping error's cause), so a debugger can show
   * where each cause was thrown, with its scopes.
   */
  readonly threads: ThreadView[];
  /** Frames of the throwing stack (thread 1), innermost first. Their `index` is 0…n-1. */
  readonly frames: FrameView[];
  /** Frames of any thread; cause-site frames have indexes after the main stack's. */
  framesOf(threadId: number): FrameView[];
  /** A frame of any thread by its `index`. */
  frame(index: number): FrameView | undefined;
  /** The escaping error with its cause chain. */
  readonly exception: ExceptionView;
  /** Every script and original source the dump names, in `Dump.sources` order. */
  readonly sources: SourceView[];
  /** The innermost frame whose code is the user's own (not node_modules, not Node), else frame 0. */
  readonly topUserFrame: number;
  /** Scopes of a frame, innermost first. `this` is the first variable of the innermost scope. */
  scopes(frameIndex: number): ScopeView[];
  /** The children of a value or scope handle, paged. An unknown handle gives an empty list. */
  children(handle: number, options?: ChildrenOptions): VariableView[];
  /** The source by its `SourceView.ref`, with its text (embedded, or the local file when its hash matches). */
  source(ref: number): SourceView | undefined;
  /** The text of a source, or `undefined` when neither the dump nor the disk has it. */
  sourceText(ref: number): string | undefined;
  /**
   * Evaluates an expression in a sandbox built from the frame's captured scopes and `this`. The
   * sandbox lives in a separate evaluator process with a memory limit; results that are objects are
   * described here and expanded through `children`, as dump values are.
   */
  evaluate(expression: string, frameIndex: number, options?: EvaluateOptions): EvaluateResult;
  /** Names visible in a frame (innermost scope first, no duplicates), for completion. */
  namesInFrame(frameIndex: number): string[];
  /** Property names of what an expression evaluates to in a frame (own and inherited), for completion. */
  completions(frameIndex: number, objectExpression: string): string[];
  /** Ends the evaluator process, if an evaluation started one. The model stays usable. */
  close(): void;
  /** The node a dump reference points at, checked; `undefined` when dangling or malformed. */
  node(ref: number): import('../dump/types.js').ObjectNode | undefined;
}

export interface ThreadView {
  /** 1 for the crashed thread, 2… for cause throw sites. */
  id: number;
  name: string;
  /** For a cause throw site: which cause (1 = the escaping error's `cause`). */
  causeDepth?: number;
  /** `worker_threads.threadId` of the captured thread (0 for the main thread). */
  nodeThreadId: number;
}

export interface Position {
  /** Filesystem path when there is one, else the URL. */
  file: string;
  url?: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** `SourceView.ref` of the text, when the dump or the disk has it. */
  sourceRef?: number;
}

export interface FrameView {
  /** Unique across threads: 0 = innermost of the main stack. Also the frame id the debuggers use. */
  index: number;
  /** The thread the frame belongs to (1 = the crashed stack). */
  threadId: number;
  /** `fn`, `Class.method`, or `<anonymous>`. */
  name: string;
  functionName: string;
  className?: string;
  kind: FrameKind;
  /** An `at async …` frame: no scopes were captured. */
  async: boolean;
  /** A frame of a tool that only loads the program (tsx, ts-node, …): its scopes were left out on purpose. */
  loaderTool: boolean;
  /** Where to show the frame: the original (TypeScript) position when mapped, else the generated one. */
  position: Position;
  /** The position in the script that ran. */
  generated: Position;
  /** The position in the original source, when a source map maps this frame. */
  original?: Position;
  /** Whether the frame has scopes to show. */
  hasScopes: boolean;
  /** Declared parameter names, when known. */
  params: string[];
}

export interface ScopeView {
  /** `local`, `closure`, `block`, … or `this` for the synthetic scope holding the frame's `this`. */
  type: ScopeType | 'this';
  /** A display name: `Local`, `Closure (outer)`, `Block`, `this`. */
  name: string;
  /** Handle for `children()`. */
  handle: number;
  /** Number of variables. */
  count: number;
  /** `…N more variables` when the scope was truncated at capture. */
  truncatedNote?: string;
}

export type ValueType =
  | 'undefined'
  | 'null'
  | 'boolean'
  | 'number'
  | 'bigint'
  | 'string'
  | 'symbol'
  | 'object'
  | 'function'
  | 'redacted'
  | 'cut'
  | 'missing'
  | 'note';

export interface ValueView {
  type: ValueType;
  /** The object kind from the dump (`object`, `array`, `map`, `error`, …) for objects. */
  kind?: string;
  /** Constructor name, for objects. */
  className?: string;
  /** The shortest useful one-line rendering (see `renderValue`). */
  text: string;
  /** Handle for `children()`; 0 when the value has no children. */
  handle: number;
  /** How many named children `children(handle, { filter: 'named' })` returns. */
  namedCount: number;
  /** How many indexed children (array items, Map/Set entries, typed-array elements). */
  indexedCount: number;
  /**
   * The value itself, for a string captured whole, a finite number or a boolean: protocols that
   * carry values rather than text (CDP) need it. A string cut at capture has only `text`, which says so.
   */
  primitive?: string | number | boolean;
}

export interface VariableView {
  /** The property or variable name (`0`, `[[Prototype]]`, `…`, `name`). */
  name: string;
  value: ValueView;
  /** Set for accessor properties, for synthetic entries, for markers of cut content and for `#private` members. */
  presentation?: 'accessor' | 'internal' | 'marker' | 'private';
}

export interface ChildrenOptions {
  /** First child (0-based, within the filter). */
  start?: number;
  /** How many; absent means all from `start`, capped at 10,000 per call. */
  count?: number;
  /** `named` for properties only, `indexed` for items only; absent means named then indexed. */
  filter?: 'named' | 'indexed';
}

export interface SourceView {
  /** 1-based, stable: `Dump.sources` index + 1. */
  ref: number;
  url: string;
  /** Filesystem path, when the source names one. */
  file?: string;
  role: 'generated' | 'original';
  /** `embedded` (the dump has the text), `local` (the local file matches the hash), or `missing`. */
  origin: 'embedded' | 'local' | 'missing';
  /** The local file when its content matches what ran (debuggers may open it directly). */
  localPath?: string;
  /** Why there is no text, when `origin` is `missing`. */
  missing?: string;
}

export interface ExceptionView {
  name: string;
  message: string;
  stack?: string;
  reason: Dump['reason'];
  /** What the hook knew of the escape beyond `reason` (a CommonJS throw under `--import`), checked. */
  escape?: EscapeInfo;
  /** How it escaped, in the words users know: see `escapeText`. */
  how: string;
  /** What the program changed in the top frames' objects between the throw and the escape (format 1.9), checked. */
  changedAfterThrow?: ChangesAfterThrow;
  /** The thrown value. */
  value: ValueView;
  /** The `cause` chain, outermost first (the thrown error itself excluded). */
  causes: CauseView[];
}

export interface CauseView {
  name: string;
  message: string;
  /** The cause's stack, when it is an error that has one. */
  stack?: string;
  /** The cause's value, when the graph has it. */
  value?: ValueView;
  /** The pseudo-thread holding the frames where this cause was thrown, when they were captured. */
  threadId?: number;
}

export interface EvaluateOptions {
  /** Milliseconds before a runaway expression is stopped. Default 1000. */
  timeout?: number;
  /** Also render the result with `util.inspect` (into `printed`), as a terminal shows it. */
  print?: { pretty: boolean; colors: boolean };
}

export type EvaluateResult =
  | {
    ok: true;
    value: ValueView;
    /** The result itself when it is a primitive (not a symbol; strings up to 10^6 characters). */
    primitive?: string | number | boolean | bigint | null;
    /** The `print` rendering, unless inspecting the result did not finish in time. */
    printed?: string;
  }
  | { ok: false; error: string };

/** Options of `loadDump`. */
export interface LoadDumpOptions {
  /** Options for the storage driver of a URL (`--storage-options`). Default: `WIPEOUT_STORAGE_OPTIONS`, else none. */
  storageOptions?: Record<string, unknown>;
  /** Directory that relative paths and local-source lookups start from. Default `process.cwd()`. */
  cwd?: string;
  /** An age identity file that decrypts an encrypted dump (`--identity`); else `WIPEOUT_IDENTITY`. */
  identity?: string;
  /**
   * How a user of this way in gives an identity, named when an encrypted dump comes without one.
   * Default `--identity <file>`; the DAP adapter names its launch argument.
   */
  identityHint?: string;
  /**
   * Compare the dump's sources with the local files they name, and use a matching file's text and
   * path (`--local-sources`). Default: `WIPEOUT_LOCAL_SOURCES=1`, else off, since a crafted dump
   * may name any path (only regular files, at most 16 MB, are ever read).
   */
  localSources?: boolean;
}
