import type { Dump, ObjectNode, Scope, Value } from '../dump/types.js';
import { noChildren, note, remoteValue, type Child, type ChildList, type ChildValue } from './child.js';
import { describeValue } from './describe-value.js';
import { exceptionView } from './exception-view.js';
import { frameViews } from './frame-views.js';
import { HandleTable } from './handle-table.js';
import { nodeChildren, properties } from './node-children.js';
import { ObjectGraph, checkProps, checkTruncation, isEntry } from './object-graph.js';
import { formatCount, describeTruncation } from './render-value.js';
import { Evaluator } from './sandbox/evaluator.js';
import { expressionNames } from './sandbox/expression-names.js';
import { SourceTable } from './source-table.js';
import { checkedHeader } from './checked-header.js';
import type {
  ChildrenOptions, DumpModel, EvaluateOptions, EvaluateResult, ExceptionView, FrameView, ScopeView, SourceView,
  ThreadView, ValueView, VariableView,
} from './types.js';

/** Children returned by one `children()` call when no count is given. */
const MAX_PAGE = 10_000;
const SCOPE_NAMES: Record<string, string> = {
  local: 'Local', closure: 'Closure', block: 'Block', catch: 'Catch', script: 'Script', module: 'Module', with: 'With', eval: 'Eval',
};

/** The model behind every debugger; see `DumpModel`. Build it with `loadDump` or `modelFromDump`. */
export class LoadedDump implements DumpModel {
  readonly graph: ObjectGraph;
  readonly threads: ThreadView[];
  readonly frames: FrameView[];
  readonly topUserFrame: number;
  /** Raw frames of every thread, by global frame index. */
  #rawFrames: unknown[];
  #allFrames: FrameView[];
  #sources: SourceTable;
  #handles = new HandleTable();
  #exception?: ExceptionView;
  /** Expressions run in a separate process (see sandbox/evaluator-relay.ts), started on first use. */
  #evaluator = new Evaluator();

  readonly dump: Dump;

  constructor(dump: Dump, readonly location: string, options: { localSources?: boolean } = {}) {
    // Header fields of the wrong type become visible markers here, once, for every reader.
    this.dump = checkedHeader(dump);
    this.graph = new ObjectGraph(dump);
    this.#sources = new SourceTable(dump.sources, { local: options.localSources === true });
    this.frames = frameViews(dump.frames, this.#sources, 1, 0);
    const thread = (typeof dump.thread === 'object' && dump.thread !== null ? dump.thread : {}) as Record<string, unknown>;
    const nodeThreadId = typeof thread.id === 'number' ? thread.id : 0;
    this.threads = [{ id: 1, name: typeof thread.name === 'string' && thread.name ? thread.name : 'main', nodeThreadId }];
    this.#rawFrames = [...dump.frames];
    this.#allFrames = [...this.frames];
    const sites = Array.isArray(dump.causeSites) ? dump.causeSites : [];
    for (const site of sites.slice(0, 100)) {
      if (typeof site !== 'object' || site === null || !Array.isArray(site.frames) || !Number.isInteger(site.depth)) continue;
      const id = this.threads.length + 1;
      this.threads.push({ id, name: `cause ${site.depth}`, nodeThreadId, causeDepth: site.depth });
      this.#allFrames.push(...frameViews(site.frames, this.#sources, id, this.#rawFrames.length));
      this.#rawFrames.push(...site.frames);
    }
    const user = this.frames.findIndex((frame) => frame.kind === 'user' && !frame.async);
    this.topUserFrame = user === -1 ? 0 : user;
  }

  get reason(): Dump['reason'] {
    return this.dump.reason;
  }

  get time(): string {
    return this.dump.time;
  }

  get process(): Dump['process'] {
    return this.dump.process;
  }

  get sources(): SourceView[] {
    const views: SourceView[] = [];
    for (let ref = 1; ref <= this.#sources.count; ref++) views.push(this.#sources.view(ref)!);
    return views;
  }

  get exception(): ExceptionView {
    this.#exception ??= exceptionView(this);
    return this.#exception;
  }

  framesOf(threadId: number): FrameView[] {
    return this.#allFrames.filter((frame) => frame.threadId === threadId);
  }

  frame(index: number): FrameView | undefined {
    return this.#allFrames[index];
  }

  node(ref: number): ObjectNode | undefined {
    return this.graph.node(ref);
  }

  source(ref: number): SourceView | undefined {
    return this.#sources.view(ref);
  }

  sourceText(ref: number): string | undefined {
    return this.#sources.text(ref);
  }

  /** The frame's captured scopes, checked; an out-of-range frame has none. */
  rawScopes(frameIndex: number): Scope[] {
    const frame = this.#rawFrames[frameIndex] as Record<string, unknown> | undefined;
    if (typeof frame !== 'object' || frame === null || frame.async === true || !Array.isArray(frame.scopes)) return [];
    return frame.scopes.filter((scope): scope is Scope => typeof scope === 'object' && scope !== null && !Array.isArray(scope));
  }

  /** The frame's `this`, when it has one. */
  thisValue(frameIndex: number): Value | undefined {
    const frame = this.#rawFrames[frameIndex] as Record<string, unknown> | undefined;
    return typeof frame === 'object' && frame !== null && frame.async !== true && 'this' in frame ? (frame.this as Value) : undefined;
  }

  scopes(frameIndex: number): ScopeView[] {
    const raw = this.rawScopes(frameIndex);
    const views = raw.map((scope, index): ScopeView => {
      const type = typeof scope.type === 'string' && scope.type in SCOPE_NAMES ? scope.type : 'local';
      const label = SCOPE_NAMES[type]!;
      const truncated = checkTruncation(scope.truncated);
      const view: ScopeView = {
        type,
        name: typeof scope.name === 'string' && scope.name ? `${label} (${scope.name})` : label,
        handle: this.#handles.forKey(`s:${frameIndex}:${index}`, () => ({ type: 'scope', frame: frameIndex, scope: index })),
        count: this.#scopeChildren(frameIndex, index).named().length,
      };
      if (truncated) view.truncatedNote = `…${truncated.omitted !== undefined ? formatCount(truncated.omitted) : 'more'} more variables (${describeTruncation(truncated)})`;
      return view;
    });
    if (views.length === 0 && this.thisValue(frameIndex) !== undefined) {
      // A frame with `this` but no captured scope still gets a scope to show `this` in.
      views.push({
        type: 'this',
        name: 'this',
        handle: this.#handles.forKey(`s:${frameIndex}:-1`, () => ({ type: 'scope', frame: frameIndex, scope: -1 })),
        count: 1,
      });
    }
    return views;
  }

  children(handle: number, options: ChildrenOptions = {}): VariableView[] {
    const list = this.#childList(handle);
    const start = Math.max(0, Math.floor(options.start ?? 0));
    const count = Math.max(0, Math.min(Math.floor(options.count ?? MAX_PAGE), MAX_PAGE));
    let page: Child[];
    if (options.filter === 'indexed') {
      page = list.indexed(start, count);
    } else if (options.filter === 'named') {
      page = list.named().slice(start, start + count);
    } else {
      const named = list.named();
      page = named.slice(start, start + count);
      if (page.length < count) page.push(...list.indexed(Math.max(0, start - named.length), count - page.length));
    }
    return page.map((child) => {
      const view: VariableView = { name: child.name, value: this.describe(child.value) };
      if (child.presentation) view.presentation = child.presentation;
      return view;
    });
  }

  /** A view of any value the model deals in: dump values, synthetic children, live values. */
  describe(value: ChildValue | undefined, maxLength = 120): ValueView {
    return describeValue(this, this.#handles, value, maxLength);
  }

  evaluate(expression: string, frameIndex: number, options: EvaluateOptions = {}): EvaluateResult {
    const problem = this.#prepareFrame(frameIndex, expression);
    if (problem) return { ok: false, error: problem };
    const timeout = options.timeout ?? 1000;
    // The evaluator's own guards (the time limit, then up to a second for each rendering) come first;
    // beyond them the relay stops the evaluator: the expression is inside a built-in that ignores them.
    const response = this.#evaluator.call({ op: 'evaluate', frame: frameIndex, expression, timeout, maxLength: 120, print: options.print }, timeout + 5000);
    if (!response.ok) return { ok: false, error: response.error };
    if (!('value' in response)) return { ok: false, error: 'The evaluator answered something else' };
    const result: EvaluateResult = { ok: true, value: this.describe(remoteValue(response.value, response.generation)) };
    if (response.value.kind === 'leaf' && 'primitive' in response.value) result.primitive = response.value.primitive;
    if (response.printed !== undefined) result.printed = response.printed;
    return result;
  }

  /** Property names of what an expression evaluates to, own and inherited, for completion. */
  completions(frameIndex: number, objectExpression: string): string[] {
    if (this.#prepareFrame(frameIndex, objectExpression)) return [];
    const response = this.#evaluator.call({ op: 'completions', frame: frameIndex, expression: objectExpression }, 6000);
    return response.ok && 'names' in response ? response.names : [];
  }

  /** Ends the evaluator process, if one was started; a later evaluation starts a new one. */
  close(): void {
    this.#evaluator.close();
  }

  /**
   * Gives the evaluator the frame's variables `expression` can name (expression-names.ts), with
   * what they reach, if it does not have them yet; says why when the frame cannot be evaluated in.
   * A frame of a big dump holds far more than one expression reads: a first `id` costs only `id`.
   */
  #prepareFrame(frameIndex: number, expression: string): string | undefined {
    if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= Math.max(1, this.#allFrames.length)) {
      return `There is no frame ${frameIndex}: the dump has ${this.#allFrames.length} frames`;
    }
    let response;
    try {
      response = this.#evaluator.ensureFrame(frameIndex, (shipment) => {
        const wanted = expressionNames(expression, shipment.complete ? [] : this.namesInFrame(frameIndex));
        return shipment.next(this, frameIndex, wanted);
      });
    } catch (error) {
      return `The captured values of frame ${frameIndex} could not be rebuilt for evaluation: ${(error as Error)?.message ?? String(error)}`;
    }
    return response.ok ? undefined : response.error;
  }

  namesInFrame(frameIndex: number): string[] {
    const names = new Set<string>();
    for (const scope of this.rawScopes(frameIndex)) for (const prop of checkProps(scope.variables)) names.add(prop.name);
    if (this.thisValue(frameIndex) !== undefined) names.add('this');
    return [...names];
  }

  #childList(handle: number): ChildList {
    const target = this.#handles.get(handle);
    if (!target) return noChildren;
    switch (target.type) {
      case 'scope':
        return this.#scopeChildren(target.frame, target.scope);
      case 'node': {
        const node = this.graph.node(target.ref);
        return node ? nodeChildren(node, target.ref, (ref) => this.graph.node(ref)) : noChildren;
      }
      case 'entry': {
        const node = this.graph.node(target.ref);
        const entry = node?.kind === 'map' ? node.entries[target.index] : undefined;
        if (!isEntry(entry)) return noChildren;
        return { named: () => [{ name: 'key', value: entry[0] }, { name: 'value', value: entry[1] }], indexedCount: 0, indexed: () => [] };
      }
      case 'accessor': {
        const children: Child[] = [];
        if (target.get !== undefined) children.push({ name: 'get', value: target.get as Value, presentation: 'internal' });
        if (target.set !== undefined) children.push({ name: 'set', value: target.set as Value, presentation: 'internal' });
        return { named: () => children, indexedCount: 0, indexed: () => [] };
      }
      case 'remote':
        return this.#remoteChildren(target.generation, target.id, target.indexedCount);
    }
  }

  /** Children of a value an expression made, asked of the evaluator that holds it. */
  #remoteChildren(generation: number, id: number, indexedCount: number): ChildList {
    const fetch = (filter: 'named' | 'indexed', start: number, count: number): Child[] => {
      const response = this.#evaluator.call({ op: 'children', id, filter, start, count, maxLength: 120 }, 5000, generation);
      if (!response.ok) return [note('…', `[${response.error}]`)];
      if (!('children' in response)) return [];
      return response.children.map((child) => {
        const view: Child = { name: child.name, value: remoteValue(child.value, response.generation) };
        if (child.presentation) view.presentation = child.presentation;
        return view;
      });
    };
    let named: Child[] | undefined;
    return {
      named: () => (named ??= fetch('named', 0, MAX_PAGE)),
      indexedCount,
      indexed: (start, count) => (start < indexedCount && count > 0 ? fetch('indexed', start, Math.min(count, indexedCount - start)) : []),
    };
  }

  #scopeChildren(frameIndex: number, scopeIndex: number): ChildList {
    const thisValue = this.thisValue(frameIndex);
    const thisChild: Child[] = thisValue !== undefined ? [{ name: 'this', value: thisValue }] : [];
    if (scopeIndex === -1) return { named: () => thisChild, indexedCount: 0, indexed: () => [] };
    const scope = this.rawScopes(frameIndex)[scopeIndex];
    if (!scope) return noChildren;
    return {
      named: () => {
        // `this` is shown in the innermost scope, as debuggers usually do.
        const children = [...(scopeIndex === 0 ? thisChild : []), ...properties(checkProps(scope.variables))];
        const truncated = checkTruncation(scope.truncated);
        if (truncated) {
          children.push(note('…', `…${truncated.omitted !== undefined ? formatCount(truncated.omitted) + ' ' : ''}more variables (not captured: ${describeTruncation(truncated)})`));
        }
        return children;
      },
      indexedCount: 0,
      indexed: () => [],
    };
  }
}
