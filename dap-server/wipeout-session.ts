import { createRequire } from 'node:module';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel } from '../loader/index.js';
import { dapCompletions } from './dap-completions.js';
import { dapEvaluate } from './dap-evaluate.js';
import { dapExceptionInfo } from './dap-exception-info.js';
import { dapScopes } from './dap-scopes.js';
import { dapSource } from './dap-source.js';
import { dapVariables } from './dap-variables.js';
import { BREAKPOINTS_NEVER_HIT, NOTHING_RUNS, RUN_COMMANDS, UNSUPPORTED_COMMANDS } from './nothing-runs.js';
import { sessionSummary } from './session-summary.js';
import { stackFrames, type DisplayFrame } from './stack-frames.js';
import { fromView } from './to-dap-source.js';
import { VariableRefs } from './variable-refs.js';

// Required, not imported: the package is CommonJS, and Node's ES module loader would first scan
// each of its files for exports (twice the time to load it, before the adapter can answer).
const { DebugSession, Event, Response } = createRequire(import.meta.url)('@vscode/debugadapter') as typeof import('@vscode/debugadapter');

/** The crashed thread's id in every session. */
const THREAD_ID = 1;

/** How a session gets its dump. */
export interface SessionOptions {
  /** The dump, when the server already has it (TCP, `load --dap stdio`). */
  model?: DumpModel | null;
  /** Loads the dump that `launch`/`attach` arguments name, when `model` is absent (stdio). */
  loadModel?: (args: Record<string, unknown>) => Promise<DumpModel>;
  /** Called once when the client disconnects: the transport closes. */
  onEnd?: () => void;
  /** Called with notes about bad input from the client (for the server's stderr). */
  onProblem?: (message: string) => void;
}

/**
 * One DAP session over a loaded dump: the requests are wired here, the mapping from the model to
 * DAP lives in the `dap-*.ts` files. The program is stopped forever at the crash, so every request
 * that would run it is refused and the client is told again that it is stopped.
 */
export class WipeoutSession extends DebugSession {
  #model: DumpModel | null;
  #loading?: Promise<DumpModel | null>;
  #refs = new VariableRefs();
  /** Call stacks by thread id, built on first use. */
  #frames = new Map<number, DisplayFrame[]>();
  #initialized = false;
  #configured = false;
  #attached = false;
  #stopped = false;
  #ended = false;

  constructor(readonly options: SessionOptions = {}) {
    super();
    this.#model = options.model ?? null;
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.setRunAsServer(true);
  }

  /** Never exits the process: the server decides when to stop. */
  override shutdown(): void {}

  /** Hands one parsed message from the transport to the session; anything malformed gets an error response. */
  receive(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.options.onProblem?.(`Expected a DAP message object, got ${describe(message)}`);
      return;
    }
    const record = message as Record<string, unknown>;
    if (record.type !== 'request') {
      // Responses and events from a client answer nothing this adapter asked: dropped quietly.
      if (record.type !== 'response' && record.type !== 'event') this.options.onProblem?.(`Expected a message of type "request", got ${describe(record.type)}`);
      return;
    }
    const seq = typeof record.seq === 'number' && Number.isFinite(record.seq) ? record.seq : 0;
    if (typeof record.command !== 'string' || record.command === '') {
      this.#fail(new Response({ seq, type: 'request', command: String(record.command ?? '') }), `Expected a request with a string "command", got ${describe(record.command)}`);
      return;
    }
    const args = record.arguments;
    const request = {
      seq,
      type: 'request',
      command: record.command,
      // The base class reads `arguments` without checking; a request without them gets an empty object.
      arguments: typeof args === 'object' && args !== null && !Array.isArray(args) ? args : {},
    } as DebugProtocol.Request;
    this.handleMessage(request);
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    if (request.command === 'initialize' && request.arguments.pathFormat === undefined) {
      // "path" is the protocol's default; the base class refuses a request that leaves it out.
      request.arguments.pathFormat = 'path';
    }
    // Nothing is answered from the dump, let alone evaluated, before the client has introduced
    // itself: a stray connection gets errors, not timings of an evaluation.
    if (!this.#initialized && request.command !== 'initialize' && request.command !== 'disconnect') {
      this.#fail(new Response(request), `Expected an "initialize" request first, got "${request.command}"`, false);
      return;
    }
    if (RUN_COMMANDS.has(request.command)) {
      this.#refuseToRun(new Response(request));
      return;
    }
    if (UNSUPPORTED_COMMANDS.has(request.command)) {
      this.#fail(new Response(request), `The "${request.command}" request is not supported: this adapter serves a saved crash, whose values and memory cannot change`, false);
      return;
    }
    try {
      super.dispatchRequest(request);
    } catch (error) {
      this.#fail(new Response(request), `The "${request.command}" request failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsLoadedSourcesRequest: true,
      supportsTerminateRequest: true,
      supportsClipboardContext: true,
      // Not advertised: every frame is at hand, and with delayed loading VS Code, stopped again after
      // a refused step, keeps a "Load More Stack Frames" row once the rest of the stack turns out
      // the same as before (it redraws only when the frames changed).
      supportsDelayedStackTraceLoading: false,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.'],
      supportsRestartRequest: false,
      supportsStepBack: false,
      supportsSetVariable: false,
      supportsRestartFrame: false,
      exceptionBreakpointFilters: [],
    };
    this.#initialized = true;
    this.sendResponse(response);
    this.sendEvent(new Event('initialized'));
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    this.#open(response, args as Record<string, unknown>);
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse, args: DebugProtocol.AttachRequestArguments): void {
    this.#open(response, args as Record<string, unknown>);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.#configured = true;
    this.#maybeStop();
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.sendResponse(response);
    this.end();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new Event('terminated'));
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const wanted = Array.isArray(args.breakpoints) ? args.breakpoints : Array.isArray(args.lines) ? args.lines.map((line) => ({ line })) : [];
    response.body = {
      breakpoints: wanted.map((bp) => ({ verified: false, message: BREAKPOINTS_NEVER_HIT, ...(typeof bp?.line === 'number' ? { line: bp.line } : {}) })),
    };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: (Array.isArray(args.breakpoints) ? args.breakpoints : []).map(() => ({ verified: false, message: BREAKPOINTS_NEVER_HIT })) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse): void {
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    this.#withModel(response, (model) => {
      response.body = {
        threads: model.threads.map((thread) => ({ id: thread.id, name: thread.causeDepth !== undefined ? `cause ${thread.causeDepth} (where it was thrown)` : threadName(thread.name, thread.nodeThreadId) })),
      };
      this.sendResponse(response);
    });
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.#withModel(response, (model) => {
      if (!this.#checkThread(response, model, args.threadId)) return;
      const rows = this.#displayFrames(model, args.threadId);
      const start = Number.isInteger(args.startFrame) && args.startFrame! > 0 ? args.startFrame! : 0;
      const levels = Number.isInteger(args.levels) && args.levels! > 0 ? args.levels! : rows.length;
      response.body = { stackFrames: rows.slice(start, start + levels).map((row) => row.frame), totalFrames: rows.length };
      this.sendResponse(response);
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.#withModel(response, (model) => {
      const frameIndex = this.#frameIndex(response, model, args.frameId, true);
      if (frameIndex === undefined) return;
      response.body = { scopes: frameIndex < 0 ? [] : dapScopes(model, frameIndex, this.#refs) };
      this.sendResponse(response);
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.#withModel(response, (model) => {
      const target = this.#refs.get(args.variablesReference);
      if (!target) {
        this.#fail(response, `Expected a variablesReference from a scopes, variables or evaluate response of this session, got ${describe(args.variablesReference)}`);
        return;
      }
      response.body = { variables: dapVariables(model, target, args, this.#refs) };
      this.sendResponse(response);
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.#withModel(response, (model) => {
      if (typeof args.expression !== 'string') {
        this.#fail(response, `Expected a string "expression", got ${describe(args.expression)}`);
        return;
      }
      const frameIndex = args.frameId === undefined ? model.topUserFrame : this.#frameIndex(response, model, args.frameId, false);
      if (frameIndex === undefined) return;
      const outcome = dapEvaluate(model, args.expression, frameIndex, args.context, this.#refs);
      if (!outcome.ok) {
        // A failed REPL expression is what the user asked to see. A watch or hover is answered in its
        // row or tooltip (VS Code shows the message there): with showUser, VS Code would also raise a
        // notification for each watch at every stop.
        this.#fail(response, outcome.error, args.context !== 'hover' && args.context !== 'watch');
        return;
      }
      response.body = outcome.body;
      this.sendResponse(response);
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.#withModel(response, (model) => {
      const frameIndex = args.frameId === undefined ? model.topUserFrame : this.#frameIndex(response, model, args.frameId, false);
      if (frameIndex === undefined) return;
      const text = typeof args.text === 'string' ? args.text : '';
      // The column counts from 1 inside; a client may count from 0 (`columnsStartAt1: false`).
      const column = Number.isInteger(args.column) ? this.convertClientColumnToDebugger(args.column) : text.length + 1;
      response.body = { targets: dapCompletions(model, frameIndex, text, column) };
      this.sendResponse(response);
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    this.#withModel(response, (model) => {
      if (!this.#checkThread(response, model, args.threadId)) return;
      response.body = dapExceptionInfo(model);
      this.sendResponse(response);
    });
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.#withModel(response, (model) => {
      const outcome = dapSource(model, args);
      if (!outcome.ok) {
        this.#fail(response, outcome.error);
        return;
      }
      response.body = outcome.body;
      this.sendResponse(response);
    });
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    this.#withModel(response, (model) => {
      response.body = { sources: model.sources.map((view) => fromView(model, view)) };
      this.sendResponse(response);
    });
  }

  protected override customRequest(command: string, response: DebugProtocol.Response): void {
    this.#fail(response, `Unknown request "${command}": this adapter serves a saved crash and does not implement it`, false);
  }

  /** Ends the session once: the transport closes. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    // A dump this session loaded is this session's: its evaluator process goes with it.
    if (this.#model && this.#model !== this.options.model) this.#model.close();
    this.options.onEnd?.();
  }

  #open(response: DebugProtocol.Response, args: Record<string, unknown>): void {
    const finish = (model: DumpModel) => {
      this.sendResponse(response);
      this.sendEvent(new Event('output', { category: 'console', output: sessionSummary(model) }));
      this.#attached = true;
      this.#maybeStop();
    };
    // One dump per session: a second launch or attach would be answered for a dump it did not open.
    if (this.#attached || this.#loading) {
      this.#fail(response, 'This session already serves a dump: start a new debug session to open another');
      return;
    }
    if (this.#model) {
      finish(this.#model);
      return;
    }
    const load = this.options.loadModel;
    if (!load) {
      this.#fail(response, 'No dump to serve: start the adapter with a dump, or name one as "dump" in the launch arguments');
      return;
    }
    const loading = load(args).then(
      (model) => {
        this.#model = model;
        finish(model);
        return model;
      },
      (error: unknown) => {
        this.#fail(response, (error as Error)?.message ?? String(error));
        this.#loading = undefined;
        return null;
      },
    );
    this.#loading = loading;
  }

  #maybeStop(): void {
    if (this.#stopped || !this.#configured || !this.#attached || !this.#model) return;
    this.#stopped = true;
    this.#sendStopped(this.#model, false);
  }

  #sendStopped(model: DumpModel, preserveFocusHint: boolean): void {
    const { exception } = model;
    const text = `${exception.name}: ${exception.message}`;
    this.sendEvent(new Event('stopped', {
      reason: 'exception',
      description: `Crashed: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}`,
      text,
      threadId: THREAD_ID,
      allThreadsStopped: true,
      preserveFocusHint,
    }));
  }

  #refuseToRun(response: DebugProtocol.Response): void {
    this.#fail(response, NOTHING_RUNS);
    // Clients mark the thread running as soon as they send the request; this puts it back.
    if (this.#stopped && this.#model) this.#sendStopped(this.#model, true);
  }

  /** Runs `handle` with the dump, waiting for a launch that is still loading it. */
  #withModel(response: DebugProtocol.Response, handle: (model: DumpModel) => void): void {
    const run = (model: DumpModel | null) => {
      if (!model) {
        this.#fail(response, 'No dump is open in this session yet: send "launch" or "attach" first, with { "dump": "<path or URL>" } when the adapter was started without one');
        return;
      }
      try {
        handle(model);
      } catch (error) {
        this.#fail(response, `The "${response.command}" request failed: ${(error as Error)?.message ?? String(error)}`);
      }
    };
    if (!this.#attached && !this.#loading) {
      // Even when the server already holds the dump (TCP), a session reads it only once attached.
      run(null);
      return;
    }
    if (this.#model || !this.#loading) run(this.#model);
    else void this.#loading.then(run);
  }

  #displayFrames(model: DumpModel, threadId: number): DisplayFrame[] {
    let rows = this.#frames.get(threadId);
    if (!rows) {
      rows = stackFrames(model, {
        line: (line) => this.convertDebuggerLineToClient(line),
        column: (column) => this.convertDebuggerColumnToClient(column),
      }, threadId);
      this.#frames.set(threadId, rows);
    }
    return rows;
  }

  /** The model frame of a DAP frame id; -1 for a label row; undefined (after an error response) for anything else. */
  #frameIndex(response: DebugProtocol.Response, model: DumpModel, frameId: unknown, allowLabel: boolean): number | undefined {
    const row = model.threads.flatMap((thread) => this.#displayFrames(model, thread.id)).find((candidate) => candidate.frame.id === frameId);
    if (!row || (row.frameIndex === undefined && !allowLabel)) {
      this.#fail(response, `Expected a frameId from the stackTrace response (1 to ${model.frames.length}), got ${describe(frameId)}`);
      return undefined;
    }
    return row.frameIndex ?? -1;
  }

  #checkThread(response: DebugProtocol.Response, model: DumpModel, threadId: unknown): threadId is number {
    if (model.threads.some((thread) => thread.id === threadId)) return true;
    const ids = model.threads.length === 1 ? `${THREAD_ID} (the crashed thread)` : `1 (the crashed thread) to ${model.threads.length} (where causes were thrown)`;
    this.#fail(response, `Expected threadId ${ids}, got ${describe(threadId)}`);
    return false;
  }

  #fail(response: DebugProtocol.Response, message: string, showUser = true): void {
    this.sendErrorResponse(response, { id: 1, format: message, showUser });
  }
}

function threadName(name: string, nodeThreadId: number): string {
  return nodeThreadId === 0 ? `${name === 'main' ? 'main thread' : name} (crashed)` : `worker ${name} (threadId ${nodeThreadId}, crashed)`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return typeof value;
  }
}
