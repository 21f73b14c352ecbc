import { types } from 'node:util';
import type { Dump, ObjectNode, Scope, Value } from '../dump/types.js';
import { liveValue, noChildren, note, type Child, type ChildList, type ChildValue } from './child.js';
import { describeValue } from './describe-value.js';
import { exceptionView } from './exception-view.js';
import { frameViews } from './frame-views.js';
import { HandleTable } from './handle-table.js';
import { liveChildren } from './live-value.js';
import { nodeChildren, properties } from './node-children.js';
import { ObjectGraph, checkProps, checkTruncation, isEntry } from './object-graph.js';
import { formatCount, describeTruncation } from './render-value.js';
import { createFrameSandbox, type FrameSandbox } from './sandbox/frame-sandbox.js';
import { SourceTable } from './source-table.js';
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
  #sandboxes = new Map<number, FrameSandbox>();

  constructor(readonly dump: Dump, readonly location: string) {
    this.graph = new ObjectGraph(dump);
    this.#sources = new SourceTable(dump.sources);
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
    if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= Math.max(1, this.#allFrames.length)) {
      return { ok: false, error: `There is no frame ${frameIndex}: the dump has ${this.#allFrames.length} frames` };
    }
    let sandbox = this.#sandboxes.get(frameIndex);
    if (!sandbox) {
      try {
        sandbox = createFrameSandbox(this, frameIndex);
      } catch (error) {
        return { ok: false, error: `The captured values of frame ${frameIndex} could not be rebuilt for evaluation: ${(error as Error)?.message ?? String(error)}` };
      }
      this.#sandboxes.set(frameIndex, sandbox);
    }
    const result = sandbox.run(expression, options.timeout ?? 1000);
    if (!result.ok) return result;
    return { ok: true, value: this.describeRaw(result.value, frameIndex), raw: result.value };
  }

  /** A view of a value from a frame's sandbox: captured objects map back to the dump's graph. */
  describeRaw(value: unknown, frameIndex: number): ValueView {
    const ref = (typeof value === 'object' && value !== null) || typeof value === 'function' ? this.#sandboxes.get(frameIndex)?.refOf(value as object) : undefined;
    return ref !== undefined ? this.describe({ t: 'ref', ref }) : this.describe(liveValue(value));
  }

  /** The frame's sandbox names and their properties, for completion. */
  completions(frameIndex: number, objectExpression: string): string[] {
    const result = this.evaluate(objectExpression, frameIndex);
    if (!result.ok) return [];
    const names = new Set<string>();
    let target = result.raw;
    // Own keys up the prototype chain, read through Reflect so no getter runs; a Proxy's traps
    // would run the sandbox's code, so the walk stops at one.
    for (let depth = 0; depth < 8 && target !== null && target !== undefined && !types.isProxy(target); depth++) {
      if (typeof target !== 'object' && typeof target !== 'function') {
        target = Object(target);
        continue;
      }
      for (const key of Reflect.ownKeys(target as object)) if (typeof key === 'string') names.add(key);
      target = Reflect.getPrototypeOf(target as object);
    }
    return [...names];
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
        return node ? nodeChildren(node, target.ref) : noChildren;
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
      case 'live':
        return liveChildren(target.value);
    }
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
