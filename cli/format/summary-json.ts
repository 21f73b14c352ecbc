import type { DumpModel, Position } from '../../loader/index.js';
import { captureFacts } from './capture-facts.js';
import { handledFacts, requestOf } from './handled-facts.js';
import { showsClosures } from './format-summary.js';
import { frameLocals } from './frame-locals.js';

const position = (p: Position) => ({ file: p.file, line: p.line, column: p.column });

/** The machine-readable summary of `wipeout show --json` and `wipeout list --json`. */
export function summaryJson(model: DumpModel, options: { locals?: boolean } = {}) {
  const p = model.process as unknown as Record<string, unknown>;
  const versions = (p.versions ?? {}) as Record<string, unknown>;
  const top = model.frames[model.topUserFrame];
  const facts = captureFacts(model);
  const capture = ((model.dump as unknown as Record<string, unknown>).capture ?? {}) as Record<string, unknown>;
  const handled = handledFacts(model);
  return {
    location: model.location,
    id: model.dump.id,
    time: model.time,
    reason: model.reason,
    ...(model.exception.escape ? { escape: model.exception.escape } : {}),
    test: testOf(model) ?? null,
    // A handled error saved by a server integration (format 1.8); null for a crash or a test.
    fingerprint: handled?.fingerprint ?? null,
    handled: handled ? { framework: handled.framework, skippedBefore: handled.skippedBefore ?? null, windowMs: handled.windowMs ?? null, template: handled.template ?? null, topFrames: handled.topFrames } : null,
    request: requestOf(model) ?? null,
    error: {
      name: model.exception.name,
      message: model.exception.message,
      stack: model.exception.stack,
      causes: model.exception.causes.map((c) => ({ name: c.name, message: c.message })),
    },
    process: { pid: p.pid, hostname: p.hostname, platform: p.platform, node: versions.node, argv: p.argv, cwd: p.cwd },
    thread: { id: facts.threadId, name: facts.thread, isMain: facts.isMain },
    capture: { method: facts.method, ...(facts.valuesAt ? { valuesAt: facts.valuesAt } : {}), durationMs: capture.durationMs, problems: Array.isArray(capture.problems) ? capture.problems : [], ...(model.exception.changedAfterThrow ? { changedAfterThrow: model.exception.changedAfterThrow } : {}) },
    topFrame: top ? { index: top.index, name: top.name, ...position(top.position) } : null,
    frames: model.frames.map((frame) => ({
      index: frame.index,
      name: frame.name,
      kind: frame.kind,
      async: frame.async,
      ...position(frame.position),
      generated: position(frame.generated),
      ...(options.locals === false ? {} : {
        locals: frame.kind === 'node' ? [] : frameLocals(model, frame.index, { closures: showsClosures(model, frame) }).map((v) => ({ name: v.name, type: v.value.type, value: v.value.text, scope: v.scope })),
      }),
    })),
  };
}

/** A failing test's name and file (format 1.7). */
export function testOf(model: DumpModel): { name: string; file: string | null } | undefined {
  const test = (model.dump as unknown as { test?: Record<string, unknown> }).test;
  if (typeof test !== 'object' || test === null) return undefined;
  return { name: typeof test.name === 'string' ? test.name : '(unnamed)', file: typeof test.file === 'string' ? test.file : null };
}
