import type { DumpModel, Position } from '../../loader/index.js';
import { captureFacts } from './capture-facts.js';
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
  return {
    location: model.location,
    id: model.dump.id,
    time: model.time,
    reason: model.reason,
    ...(model.exception.escape ? { escape: model.exception.escape } : {}),
    // A failing test's dump names it; other dumps have no `test`.
    ...(model.dump.test ? { test: { name: model.dump.test.name, file: model.dump.test.file } } : {}),
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
