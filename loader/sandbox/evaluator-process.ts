/**
 * The evaluator process: the only place where expressions run and where their results live. It is
 * started by the relay worker (evaluator-relay.ts) with a heap limit, a data-size limit and Node's
 * permission model, so an expression that exhausts memory, or escapes the vm context, ends this
 * process and never the debugger. It receives `EvaluatorRequest`s over IPC and answers each one.
 */
import { inspect, types } from 'node:util';
import type { EvaluatorRequest, EvaluatorResponse, PrintStyle } from './evaluator-protocol.js';
import { createFrameSandbox, renderQuietly, type FrameSandbox } from './frame-sandbox.js';
import { ignoreSandboxRejections } from './ignore-sandbox-rejections.js';
import { LiveValues, SAFE_INSPECT } from './live-values.js';
import { unmarkRedactions } from './redaction-mark.js';
import { runGuarded } from './run-guarded.js';

const sandboxes = new Map<number, FrameSandbox>();
const live = new LiveValues((value) => {
  for (const sandbox of sandboxes.values()) {
    const ref = sandbox.refOf(value);
    if (ref !== undefined) return ref;
  }
  return undefined;
});

function handle(request: EvaluatorRequest): EvaluatorResponse {
  switch (request.op) {
    case 'frame':
      try {
        if (request.part === 0) {
          sandboxes.set(request.frame, createFrameSandbox(request.spec, request.frame));
        } else {
          const sandbox = sandboxes.get(request.frame);
          if (!sandbox || sandbox.parts !== request.part) throw new Error(`part ${request.part} came to a sandbox with ${sandbox?.parts ?? 0} parts`);
          sandbox.extend(request.spec);
        }
        return { ok: true };
      } catch (error) {
        // Half an extension must not be extended again: the relay builds the frame anew from part 0.
        sandboxes.delete(request.frame);
        return { ok: false, error: `The captured values of frame ${request.frame} could not be rebuilt for evaluation: ${(error as Error)?.message ?? String(error)}` };
      }
    case 'evaluate': {
      const sandbox = sandboxOf(request.frame);
      const result = sandbox.run(request.expression, request.timeout);
      if (!result.ok) return result;
      const value = live.describe(result.value, request.maxLength);
      // A new object that shows a cut one (`[cache]`, `{ jobs }`) is marked, so its rendering,
      // which shows only the captured part, is not taken for the whole.
      if (value.kind === 'object') {
        const note = sandbox.incomplete(result.value, 1);
        if (note !== undefined) value.text = `${value.text} ${note}`;
      }
      const response: EvaluatorResponse = { ok: true, value };
      if (request.print) {
        const printed = print(result.value, request.print);
        const note = sandbox.incomplete(result.value, request.print.pretty ? 6 : 2);
        if (printed !== undefined) response.printed = note === undefined ? printed : `${printed}${request.print.pretty ? '\n' : ' '}${note}`;
      }
      return response;
    }
    case 'children': {
      const children = live.children(request.id, request.filter, request.start, request.count, request.maxLength);
      return children ? { ok: true, children } : { ok: false, error: `No value has id ${request.id}` };
    }
    case 'completions': {
      const result = sandboxOf(request.frame).run(request.expression, 1000);
      return { ok: true, names: result.ok ? propertyNames(result.value) : [] };
    }
  }
}

function sandboxOf(frame: number): FrameSandbox {
  const sandbox = sandboxes.get(frame);
  if (!sandbox) throw new Error(`frame ${frame} has no sandbox`);
  return sandbox;
}

/** The terminal debugger's rendering; `undefined` when inspect could not finish (a planted loop). */
function print(value: unknown, style: PrintStyle): string | undefined {
  // inspect reads `Symbol.toStringTag` and errors' `stack`: a captured accessor's stub that throws,
  // or code the expression planted that never ends.
  const rendered = renderQuietly(() => runGuarded(() => inspect(value, {
    ...SAFE_INSPECT,
    colors: style.colors,
    depth: style.pretty ? 6 : 2,
    breakLength: style.pretty ? 80 : Infinity,
    compact: style.pretty ? 3 : true,
    maxArrayLength: style.pretty ? 200 : 50,
    maxStringLength: style.pretty ? 10_000 : 500,
  }), 1000));
  return rendered.ok ? unmarkRedactions(rendered.value) : undefined;
}

/**
 * Own string keys up the prototype chain, read through Reflect so no getter runs; a Proxy's traps
 * would run the sandbox's code, so the walk stops at one.
 */
function propertyNames(value: unknown): string[] {
  const names = new Set<string>();
  let target = value;
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

ignoreSandboxRejections();
// The relay (and with it the debugger) is gone: nothing is left to answer.
process.on('disconnect', () => process.exit(0));
process.on('message', (request: EvaluatorRequest) => {
  let response: EvaluatorResponse;
  try {
    response = handle(request);
  } catch (error) {
    response = { ok: false, error: `The evaluator failed: ${(error as Error)?.message ?? String(error)}` };
  }
  process.send!(response);
});
process.send!({ ok: true });
