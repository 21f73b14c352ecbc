import { CHANGED_AFTER_THROW_HEADING, changesAfterThrowLines, type DumpModel } from '../loader/index.js';
import { callFunctionOn } from './call-function-on.js';
import { CdpError, PROCESS_GONE } from './cdp-error.js';
import { evaluate, type EvaluateParams } from './evaluate.js';
import { answerJsDebugProbe } from './js-debug-probes.js';
import { getProperties } from './get-properties.js';
import { ObjectIds } from './object-ids.js';
import { pausedEvent } from './paused-event.js';
import { QUIET_METHODS, RUN_METHODS } from './quiet-methods.js';
import { CONTEXT_ID, Scripts } from './scripts.js';

type Params = Record<string, unknown>;
type Send = (message: Record<string, unknown>) => void;

/**
 * One CDP session over a loaded dump, paused forever at the crash. Requests are answered from the
 * model; the mapping to CDP lives in the files beside this one. Every request gets an answer: a
 * result, or an error for what cannot be done, never silence.
 */
export class CdpSession {
  #ids = new ObjectIds();
  #scripts?: Scripts;
  #handlers: Record<string, (params: Params) => unknown>;

  /** `threadId`: 1 for the crash, a cause's thread for where that cause was thrown. */
  constructor(readonly model: DumpModel, readonly send: Send, readonly threadId = 1) {
    // The console evaluates in the frame the target is shown at.
    const consoleFrame = threadId === 1 ? model.topUserFrame : model.framesOf(threadId)[0]?.index ?? model.topUserFrame;
    this.#handlers = {
      'Runtime.enable': () => {
        this.#event('Runtime.executionContextCreated', {
          context: { id: CONTEXT_ID, origin: '', name: `wipeout: ${model.location}`, uniqueId: `wipeout-${CONTEXT_ID}`, auxData: { isDefault: true } },
        });
        // The objects were read at the escape and had changed since the throw: the console says
        // so first, as show's header, info and DAP's exception details do.
        const changed = model.exception.changedAfterThrow;
        if (changed && threadId === 1) {
          const text = [CHANGED_AFTER_THROW_HEADING, ...changesAfterThrowLines(changed).map((line) => `  ${line}`)].join('\n');
          this.#event('Runtime.consoleAPICalled', { type: 'warning', args: [{ type: 'string', value: text }], executionContextId: CONTEXT_ID, timestamp: Date.now() });
        }
        return {};
      },
      'Debugger.enable': () => {
        for (const script of this.scripts.list) this.#event('Debugger.scriptParsed', script.parsed);
        // After the answer, as V8 does when it is already paused.
        queueMicrotask(() => this.#event('Debugger.paused', pausedEvent(model, this.#ids, this.scripts, 'exception', threadId)));
        return { debuggerId: 'wipeout-saved-crash' };
      },
      'Runtime.getProperties': (params) => getProperties(model, this.#ids, this.#target(params.objectId), {
        accessorPropertiesOnly: params.accessorPropertiesOnly === true,
        nonIndexedPropertiesOnly: params.nonIndexedPropertiesOnly === true,
        generatePreview: params.generatePreview === true,
      }),
      'Debugger.getScriptSource': (params) => {
        const text = this.scripts.source(params.scriptId);
        if (text === undefined) throw new CdpError(-32000, `No script for id: ${String(params.scriptId)}`);
        return { scriptSource: text };
      },
      'Debugger.evaluateOnCallFrame': (params) => {
        const frameIndex = Number(params.callFrameId);
        if (typeof params.callFrameId !== 'string' || !Number.isInteger(frameIndex) || !model.frame(frameIndex)) {
          throw new CdpError(-32000, `Invalid call frame id: expected one from Debugger.paused, got ${JSON.stringify(params.callFrameId)}`);
        }
        return evaluate(model, this.#ids, this.#expression(params), frameIndex, params as EvaluateParams);
      },
      'Runtime.evaluate': (params) => {
        const expression = this.#expression(params);
        return answerJsDebugProbe(model, expression) ?? evaluate(model, this.#ids, expression, consoleFrame, params as EvaluateParams);
      },
      'Runtime.callFunctionOn': (params) => callFunctionOn(
        model, this.#ids, params.objectId === undefined ? undefined : this.#target(params.objectId),
        typeof params.functionDeclaration === 'string' ? params.functionDeclaration : '',
        Array.isArray(params.arguments) ? params.arguments : [], params.returnByValue === true,
      ),
      'Runtime.getIsolateId': () => ({ id: `wipeout-${model.process.pid}` }),
      'Runtime.getHeapUsage': () => ({ usedSize: model.process.memory?.heapUsed ?? 0, totalSize: model.process.memory?.heapTotal ?? 0 }),
      'Debugger.setBreakpointByUrl': () => ({ breakpointId: `wipeout-never-hit-${++this.#breakpoints}`, locations: [] }),
      'Debugger.setBreakpoint': (params) => ({ breakpointId: `wipeout-never-hit-${++this.#breakpoints}`, actualLocation: params.location }),
      'Debugger.setBreakpointOnFunctionCall': () => ({ breakpointId: `wipeout-never-hit-${++this.#breakpoints}` }),
    };
  }

  #breakpoints = 0;

  get scripts(): Scripts {
    this.#scripts ??= new Scripts(this.model);
    return this.#scripts;
  }

  /** Handles one WebSocket text message (`null` for a binary one). */
  receive(text: string | null): void {
    let message: unknown;
    try {
      message = text === null ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.send({ error: { code: -32700, message: 'Message must be a valid JSON object' } });
      return;
    }
    const { id, method, params } = message as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      this.send({ error: { code: -32600, message: `Message must have an integer "id", got ${JSON.stringify(id) ?? 'none'}` } });
      return;
    }
    if (typeof method !== 'string') {
      this.send({ id, error: { code: -32600, message: 'Message must have a string "method"' } });
      return;
    }
    try {
      this.send({ id, result: this.#answer(method, typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Params) : {}) });
    } catch (error) {
      const known = error instanceof CdpError;
      // Our own failures are said in one line, never as a stack trace.
      this.send({ id, error: { code: known ? error.code : -32603, message: known ? error.message : `${method} failed: ${(error as Error)?.message ?? String(error)}` } });
    }
    if (RUN_METHODS.has(method) && method.startsWith('Debugger.')) {
      // js-debug resumes an exception pause it did not ask for; paused again, for another reason,
      // it shows the frames rather than leaving the client waiting for a pause that never comes.
      this.#event('Debugger.paused', pausedEvent(this.model, this.#ids, this.scripts, 'other', this.threadId));
    }
  }

  #answer(method: string, params: Params): unknown {
    if (RUN_METHODS.has(method)) throw new CdpError(-32000, PROCESS_GONE);
    const handler = Object.hasOwn(this.#handlers, method) ? this.#handlers[method] : undefined;
    if (handler) return handler(params);
    if (Object.hasOwn(QUIET_METHODS, method)) return QUIET_METHODS[method];
    throw new CdpError(-32601, `'${method.slice(0, 100)}' wasn't found: this inspector serves a saved crash and does not implement it`);
  }

  #target(objectId: unknown) {
    const target = this.#ids.parse(objectId);
    if (!target) throw new CdpError(-32000, `Could not find object with given id: ${JSON.stringify(objectId)?.slice(0, 100)}`);
    return target;
  }

  #expression(params: Params): string {
    if (typeof params.expression !== 'string') throw new CdpError(-32602, `Expected a string "expression", got ${JSON.stringify(params.expression) ?? 'none'}`);
    return params.expression;
  }

  #event(method: string, params: unknown): void {
    this.send({ method, params });
  }
}
