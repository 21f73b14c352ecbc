/**
 * The `.wipeout` dump format, version 1. Shared by the writer (register/) and every reader
 * (loader/, cli/, dap-server/). docs/FORMAT.md describes each field; dump/schema.json checks it.
 *
 * Values are a graph: primitives are written inline, every object is written once in
 * `Dump.objects` and referred to by its index, so shared references and cycles survive.
 */

/** Major version: a reader refuses a dump whose major is newer than the one it knows. */
export const FORMAT_MAJOR = 1;
/** Minor version: additive changes only; readers ignore fields they do not know. */
export const FORMAT_MINOR = 9;
/** The value of `Dump.format`, so that a reader can tell a dump from any other JSON. */
export const FORMAT_NAME = 'wipeout';

/** See `Dump.escape`. */
export interface EscapeInfo {
  /** The `origin` Node passed to `uncaughtExceptionMonitor`. */
  nodeOrigin: 'uncaughtException' | 'unhandledRejection';
  /** Where the escaping throw ran: `commonjs`, a CommonJS module run by the ES module loader. */
  thrownIn?: 'commonjs';
}

export interface Dump {
  format: typeof FORMAT_NAME;
  /** `"major.minor"`, for example `"1.0"`. */
  version: string;
  /** A random id, also used for `{id}` in file name templates. */
  id: string;
  /** When the crash was captured (ISO 8601). */
  time: string;
  /**
   * How the error escaped. `manual` is a dump saved through the `dump()` API; `testFailure` (since
   * 1.7) a failing test of a `node --test` run, named in `test`.
   */
  reason: 'uncaughtException' | 'unhandledRejection' | 'manual' | 'testFailure';
  /** The failing test of a `testFailure` (since 1.7): its full name and file. */
  test?: { name: string; file?: string };
  /**
   * What the hook knows of the escape beyond `reason` (1.9). A synchronous throw in a CommonJS
   * module loaded through Node's ES module loader (`--import`, `wipeout run`) reaches Node as an
   * unhandled rejection of the loader's own promise: `reason` is then `uncaughtException`,
   * `thrownIn` is `commonjs` and `nodeOrigin` keeps the origin Node gave (`unhandledRejection`).
   */
  escape?: EscapeInfo;
  /** The escaping error or thrown value. */
  error: Value;
  /** Summary of the escaping value, rendered without running user code. */
  errorSummary: ErrorSummary;
  process: ProcessInfo;
  thread: ThreadInfo;
  /** Frames of the throwing stack, innermost first. Async frames have `async: true` and no scopes. */
  frames: Frame[];
  /**
   * Where errors of the `cause` chain were thrown, when the hook still held those throw sites:
   * `depth` 1 is the escaping error's cause, 2 the cause's cause, and so on.
   */
  causeSites?: Array<{ depth: number; frames: Frame[] }>;
  /**
   * For a handled error saved by a server integration (since 1.8): what makes two such errors
   * "the same", as 16 hex digits (see `HandledInfo.template` and `HandledInfo.topFrames`).
   */
  fingerprint?: string;
  /** How a handled error came to be saved (since 1.8), with `reason: 'manual'`. */
  handled?: HandledInfo;
  /** The request being served when a handled error was saved (since 1.8), redacted. */
  request?: RequestInfo;
  /** Every object reachable from the frames and the error, indexed by `ObjectRef.ref`. */
  objects: ObjectNode[];
  /** Scripts of the stack, their source maps and the original sources they map to. */
  sources: Source[];
  /** The limits in force during the capture. */
  limits: Limits;
  capture: CaptureInfo;
}

export interface HandledInfo {
  /** The integration that saved it: `express`, `fastify`, `koa`, or what the program named (`generic` by default). */
  framework: string;
  /** Errors of this fingerprint not saved since the previous dump of it, inside the window. */
  skippedBefore: number;
  /** Milliseconds within which one dump per fingerprint is saved (0: every one). */
  windowMs: number;
  /** The message with numbers, ids and quoted values replaced by placeholders (`<n>`, `<id>`, `<str>`). */
  template: string;
  /** `file:function` of the top user frames, innermost first: the other half of the fingerprint. */
  topFrames: string[];
}

export interface RequestInfo {
  method: string;
  /** The URL as the request line gave it, with credentials in its query masked. */
  url: string;
  /** Header names in lower case; secret ones (`authorization`, `cookie`, …) are `[redacted]`. */
  headers: Record<string, string>;
  /** Cookie names from the `cookie` header; their values are `[redacted]` unless redaction is off. */
  cookies: Record<string, string>;
}

export interface ErrorSummary {
  name: string;
  message: string;
  stack?: string;
  /** The `cause` chain, outermost first, as summaries (the full values are in the graph). */
  causes: Array<{ name: string; message: string }>;
}

export interface ProcessInfo {
  argv: string[];
  execArgv: string[];
  cwd: string;
  pid: number;
  ppid: number;
  title: string;
  versions: Record<string, string>;
  platform: string;
  arch: string;
  hostname: string;
  /** Seconds since the process started. */
  uptime: number;
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** The environment, with secret values redacted. */
  env: Record<string, string>;
}

export interface ThreadInfo {
  /** `worker_threads.threadId`: 0 on the main thread. */
  id: number;
  /** `"main"`, or the worker's name. */
  name: string;
  isMain: boolean;
}

export type FrameKind = 'user' | 'dependency' | 'node';

export interface Frame {
  /** Function name as V8 reports it; `""` for anonymous functions and top-level code. */
  functionName: string;
  /** The class of `this` for methods, when known. */
  className?: string;
  /** Script URL as V8 reports it (`file:///…`, `node:internal/…`). */
  url: string;
  /** Filesystem path when the URL is a file, else the URL. */
  file: string;
  /** 1-based line and column in the generated (running) script. */
  line: number;
  column: number;
  kind: FrameKind;
  /** Index into `Dump.sources` of the running script, when captured. */
  source?: number;
  /** The position in the original (TypeScript) source, when a source map maps this frame. */
  original?: OriginalPosition;
  /** An `at async …` frame: the function was awaiting, so no scopes were captured. */
  async?: boolean;
  /**
   * A frame of a tool that only loads the program (tsx, ts-node, esbuild-register, …): its scopes
   * and `this` were left out on purpose (the hook's `loaderToolScopes` option keeps them).
   */
  loaderTool?: boolean;
  /** Innermost scope first. The global scope is never captured. */
  scopes: Scope[];
  /** `this` in the frame, absent when the frame has none (arrow at top level, async frame). */
  this?: Value;
  /**
   * Names of the declared parameters, in order, when known; their values are in the local scope.
   * A destructuring pattern is its source text (`"{ id }"`).
   */
  params?: string[];
}

export interface OriginalPosition {
  file: string;
  line: number;
  column: number;
  name?: string;
  /** Index into `Dump.sources` of the original source, when its text was captured. */
  source?: number;
}

export type ScopeType = 'local' | 'closure' | 'block' | 'catch' | 'script' | 'module' | 'with' | 'eval';

export interface Scope {
  type: ScopeType;
  /** For closures, the name of the function that owns the scope, when V8 gives one. */
  name?: string;
  variables: Property[];
  /** Set when variables were left out because of the properties limit. */
  truncated?: Truncation;
}

/**
 * A value. Plain JSON primitives stand for themselves (finite numbers other than -0, strings
 * not truncated, booleans, null); everything else is a tagged object.
 */
export type Value = string | number | boolean | null | SpecialValue | ObjectRef;

export type SpecialValue =
  | { t: 'undefined' }
  /** A `let`/`const`/`class` binding read before its declaration ran (the temporal dead zone). */
  | { t: 'uninitialized' }
  | { t: 'number'; v: 'NaN' | '-0' | 'Infinity' | '-Infinity' }
  | { t: 'bigint'; v: string }
  | { t: 'symbol'; description?: string }
  /** A string cut at `v.length` of `length` characters. */
  | { t: 'string'; v: string; length: number }
  /**
   * A value withheld because it looked secret: its `typeof` (`null` for null), `length` only for
   * strings, and why (dumps before 1.4 have no `why`; their hook also withheld other types).
   */
  | { t: 'redacted'; type: string; length?: number; why?: RedactionReason }
  /**
   * A value not captured because a limit was reached. The hook always writes `type`: `function`
   * for a function, else `object`, with `className` for objects.
   */
  | { t: 'cut'; why: Truncation; type?: string; className?: string };

/** Why a value was withheld. */
export interface RedactionReason {
  /** `name`: a secret-looking name holds it; `shape`: the string itself looks like a secret. */
  rule: 'name' | 'shape';
  /** The part of the name that matched (`session`, `key`), or the shape (`PEM private key`, `JWT`). */
  match: string;
  /** For a string inside an object under a secret-looking name: that name (`sessions`). */
  under?: string;
}

export interface ObjectRef {
  t: 'ref';
  ref: number;
}

export interface Truncation {
  /** Never `frames`: frames past that limit are counted in `CaptureInfo.problems`, not here. */
  limit: keyof Limits;
  /** How many properties or items were left out, when known. */
  omitted?: number;
}

export interface Property {
  name: string;
  value?: Value;
  /** Accessor properties: the getter and setter functions. The getter is never called. */
  get?: Value;
  set?: Value;
  /** The property is a symbol key (name holds its description, like `Symbol(foo)`). */
  symbol?: boolean;
  enumerable?: boolean;
  /**
   * A `#private` member of a class instance (`name` is `#balance`), read through the inspector;
   * written after the own properties, with `enumerable: false` (since 1.3).
   */
  private?: boolean;
  /**
   * The value one of Node's own accessors gives for a built-in whose state is internal (`href` of a
   * URL, `aborted` of an AbortSignal), read at capture by that accessor, which runs no program
   * code; written with `enumerable: false` (since 1.3). docs/FORMAT.md lists which.
   */
  builtIn?: boolean;
}

export type ObjectNode =
  | PlainObjectNode
  | ArrayNode
  | FunctionNode
  | ErrorNode
  | MapNode
  | SetNode
  | DateNode
  | RegExpNode
  | BytesNode
  | PromiseNode
  | ProxyNode
  | OpaqueNode
  | BoxedNode;

interface ObjectNodeBase {
  /** Constructor name as V8 reports it (`Object`, `Order`, `Map`, `Uint8Array`). */
  className: string;
  /** Own properties (for arrays and typed arrays: only the non-index ones). */
  props: Property[];
  /** Set when properties were left out. */
  truncated?: Truncation;
  /**
   * `null` for an object created with a null prototype (`Object.create(null)`); the prototype
   * object for an `object` or `error` node whose prototype is not the language's own (a class's
   * `prototype`, with its methods, accessors and `constructor`; since 1.3); absent otherwise.
   * The hook writes it only on `object` and `error` nodes.
   */
  proto?: null | ObjectRef;
}

export interface PlainObjectNode extends ObjectNodeBase {
  kind: 'object';
}

export interface ArrayNode extends ObjectNodeBase {
  kind: 'array';
  length: number;
  /** `[index, value]` pairs; indexes absent here are holes (sparse) or cut (see `itemsTruncated`). */
  items: Array<[number, Value]>;
  itemsTruncated?: Truncation;
}

export interface FunctionNode extends ObjectNodeBase {
  kind: 'function';
  name: string;
  flavor: FunctionFlavor;
  /** Where it was defined (1-based), when it is a script function. */
  location?: { url: string; file: string; line: number; column: number };
  /** Its source text, possibly cut (see `sourceTruncated`). */
  sourceText?: string;
  sourceTruncated?: Truncation;
}

export type FunctionFlavor = 'function' | 'class' | 'method' | 'async' | 'generator' | 'asyncGenerator' | 'arrow' | 'native' | 'bound';

export interface ErrorNode extends ObjectNodeBase {
  kind: 'error';
  name: string;
  message: string;
  stack?: string;
  cause?: Value;
  /** Members of an AggregateError. */
  errors?: Value;
}

export interface MapNode extends ObjectNodeBase {
  kind: 'map';
  /** A Map (or subclass); a WeakMap is an `OpaqueNode`. */
  size: number;
  entries: Array<[Value, Value]>;
  entriesTruncated?: Truncation;
}

export interface SetNode extends ObjectNodeBase {
  kind: 'set';
  size: number;
  values: Value[];
  valuesTruncated?: Truncation;
}

export interface DateNode extends ObjectNodeBase {
  kind: 'date';
  /** Milliseconds since the epoch, or null for an invalid date. */
  time: number | null;
}

export interface RegExpNode extends ObjectNodeBase {
  kind: 'regexp';
  source: string;
  flags: string;
  lastIndex?: number;
}

/** Buffer, typed arrays, DataView, ArrayBuffer, SharedArrayBuffer. Exactly one of `base64` and `elements` is set. */
export interface BytesNode extends ObjectNodeBase {
  kind: 'bytes';
  /** Element count for typed arrays (Buffer included), byte length otherwise. */
  length: number;
  byteLength: number;
  /**
   * The elements of typed arrays other than Buffer and Uint8Array (Int16Array, …): numbers, or decimal
   * strings for BigInt64Array and BigUint64Array; cut at the `items` limit (see `itemsTruncated`).
   */
  elements?: Array<number | string>;
  /**
   * The bytes, base64, for Buffer, Uint8Array, ArrayBuffer, SharedArrayBuffer and DataView; cut at
   * `stringLength` bytes (see `itemsTruncated`).
   */
  base64?: string;
  itemsTruncated?: Truncation;
}

export interface PromiseNode extends ObjectNodeBase {
  kind: 'promise';
  /** As the inspector read it; `unknown` when it was not read (`CaptureInfo.problems` says why). */
  state: 'pending' | 'fulfilled' | 'rejected' | 'unknown';
  /** The value or rejection reason of a settled promise. */
  result?: Value;
}

export interface ProxyNode extends ObjectNodeBase {
  kind: 'proxy';
  /** The target and handler are captured, the traps are never called. */
  target?: Value;
  handler?: Value;
}

/**
 * WeakMap, WeakSet, WeakRef, FinalizationRegistry, generators and Map/Set iterators (other
 * iterators are `object` nodes), and any object whose reading failed (`description` `unreadable`).
 */
export interface OpaqueNode extends ObjectNodeBase {
  kind: 'opaque';
  description: string;
}

/** Boxed primitives (`new String('x')`) and other wrappers. */
export interface BoxedNode extends ObjectNodeBase {
  kind: 'boxed';
  primitive: Value;
}

export interface Source {
  /** Script URL or original source path as the source map names it. */
  url: string;
  /** Filesystem path when there is one. */
  file?: string;
  /** `generated` (the script that ran) or `original` (a source a map points to). */
  role: 'generated' | 'original';
  /** The text, or absent when it could not be read (see `missing`). */
  text?: string;
  /** sha256 of the text (hex), so a reader can tell whether a local file still matches. */
  sha256?: string;
  /** The source map of a generated script (the parsed JSON object). */
  sourceMap?: unknown;
  /** Why the text is absent. */
  missing?: string;
}

export interface Limits {
  /** How deep object graphs are followed from a scope variable. */
  depth: number;
  /** Own properties captured per object (and variables per scope). */
  properties: number;
  /** Items captured per array, typed array, Map and Set. */
  items: number;
  /** Characters kept of each string. */
  stringLength: number;
  /** An estimate of the uncompressed bytes of captured values; past it, values become `cut`. */
  totalBytes: number;
  /** Milliseconds the capture may take; past it, values become `cut`. */
  captureTime: number;
  /** Frames captured with scopes; further frames keep position only. */
  frames: number;
}

export interface CaptureInfo {
  /** wipeout version that wrote the dump. */
  writer: string;
  /** Milliseconds from the pause to the end of the capture. */
  durationMs: number;
  /** Whether secret-looking values were redacted. */
  redaction: boolean;
  /**
   * How the throw site was seen: `pause` at the throw (every scope captured), or `stack-only`
   * when no pause saw it (frames parsed from the stack string, without scopes).
   */
  method: 'pause' | 'stack-only';
  /**
   * When the objects the frames point to were read (since 1.6, with `pause`): `throw`, inside the
   * pause, where V8 predicted the throw escapes; `escape`, when the value escaped (V8 predicted it
   * caught: ES modules, async functions), so a `finally` block or a handler that ran in between
   * may have changed them. The variables themselves are always as at the throw.
   */
  valuesAt?: 'throw' | 'escape';
  /**
   * With `valuesAt: escape` (since 1.9): what the program changed between the throw and the
   * escape in the objects the top two frames' variables and `this` point to, compared shallowly
   * (own data properties, an array's length and first 16 items, a Map's or Set's size; at most 8
   * objects of 16 properties). Absent when nothing compared changed. The dump's values are those
   * at the escape; these are what they were at the throw.
   */
  changedAfterThrow?: { changes: ChangedAfterThrow[]; more: number };
  /** How the hook was pausing at throws when the crash came (since format 1.2). */
  pausing?: PausingInfo;
  /** What failed during the capture, one sentence each. */
  problems: string[];
}

/** One property the program changed between the throw and the escape. */
export interface ChangedAfterThrow {
  /** From a variable of the top frames: `order.status`, `this.items[3]`, `cache.size`. */
  path: string;
  /** Its value at the throw in one line (`"pending"`, `3`, `another Order object`), redacted like values. */
  atThrow: string;
  /** Set when it is not a plain new value: `deleted`, `an accessor`, `12 own properties`. */
  now?: string;
}

/** How the hook was pausing at throws when the crash came. */
export interface PausingInfo {
  /**
   * `all`: at every throw; `uncaught`: only at throws V8 predicted uncaught (after a storm of
   * handled throws); `off`: not at all, the debugger was off for a storm's cool-down;
   * `attached-debugger`: left to a debugger attached with `--inspect`.
   */
  level: 'all' | 'uncaught' | 'off' | 'attached-debugger';
  /**
   * What made the hook step down from `all`, when it was below it: a storm of throws or of
   * compiled scripts, or (`formatter`, since 1.5) the program's own `Error.prepareStackTrace`.
   */
  storm?: 'throws' | 'scripts' | 'formatter';
  /** Milliseconds the hook had been below `all` when the crash came. */
  forMs?: number;
  /** How often this process stepped down: to `uncaught`, to `off` after throws, to `off` after scripts. */
  stepDowns: { uncaught: number; off: number; offForScripts: number };
}
