import type { DumpModel } from '../../loader/index.js';
import { CHANGED_AFTER_THROW_HEADING, changesAfterThrowLines, formatCount } from '../../loader/index.js';
import { formatTime } from '../format/format-exception.js';

/** What `info` prints: the process that crashed and how it was captured. */
export function formatInfo(model: DumpModel): string[] {
  const p = model.process as unknown as Record<string, unknown>;
  const versions = (p.versions ?? {}) as Record<string, unknown>;
  const memory = (p.memory ?? {}) as Record<string, unknown>;
  const capture = (model.dump.capture ?? {}) as unknown as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(' ') : '');
  const mb = (bytes: unknown) => (typeof bytes === 'number' ? `${formatCount(Math.round(bytes / 1024 / 1024))} MB` : '?');
  const thread = model.threads[0]!;
  const lines = [
    `dump:      ${model.location}`,
    `when:      ${formatTime(model.time)} (${model.exception.how})`,
    `process:   pid ${String(p.pid)} (parent ${String(p.ppid)}) on ${String(p.hostname)}, ${String(p.platform)}/${String(p.arch)}`,
    `node:      ${String(versions.node)} (v8 ${String(versions.v8)})`,
    `argv:      ${list(p.argv)}`,
    `execArgv:  ${list(p.execArgv) || '(none)'}`,
    `cwd:       ${String(p.cwd)}`,
    `thread:    ${thread.name} (threadId ${thread.nodeThreadId})`,
    `uptime:    ${typeof p.uptime === 'number' ? `${p.uptime.toFixed(1)} s` : '?'}, rss ${mb(memory.rss)}, heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}`,
    `captured:  by wipeout ${String(capture.writer)} (${String(capture.method)}) in ${String(capture.durationMs)} ms, redaction ${capture.redaction === false ? 'off' : 'on'}`,
  ];
  const pausing = (capture.pausing ?? {}) as Record<string, unknown>;
  const steps = (pausing.stepDowns ?? {}) as Record<string, unknown>;
  if (typeof pausing.level === 'string') {
    const why = pausing.storm === 'formatter' ? "since the program set its own Error.prepareStackTrace" : `after a storm of ${pausing.storm === 'scripts' ? 'compiled scripts' : 'handled throws'}`;
    const storm = typeof pausing.storm === 'string' ? `, ${why} ${String(pausing.forMs)} ms before` : '';
    lines.push(`pausing:   ${pausing.level}${storm}; stepped down ${String(steps.uncaught ?? 0)}x to uncaught, ${String(Number(steps.off ?? 0) + Number(steps.offForScripts ?? 0))}x off`);
  }
  const problems = Array.isArray(capture.problems) ? capture.problems : [];
  for (const problem of problems.slice(0, 10)) lines.push(`problem:   ${String(problem)}`);
  const changed = model.exception.changedAfterThrow;
  if (changed) lines.push(`changed:   ${CHANGED_AFTER_THROW_HEADING}`, ...changesAfterThrowLines(changed).map((line) => `           ${line}`));
  return lines;
}
