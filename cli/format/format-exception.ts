import { captureFacts } from './capture-facts.js';
import type { DumpModel } from '../../loader/index.js';
import type { Colors } from '../colors.js';
import { handledReason } from './format-handled.js';
import { handledFacts } from './handled-facts.js';

/** The error line and one `caused by` line per cause. */
export function formatException(model: DumpModel, colors: Colors): string[] {
  const { exception } = model;
  const head = exception.value.kind === 'error' || exception.value.type === 'missing'
    ? `${exception.name}${exception.message ? `: ${exception.message}` : ''}`
    : `Uncaught ${exception.value.text}`;
  const lines = [colors.red(colors.bold(head))];
  for (const cause of exception.causes) lines.push(`  ${colors.dim('caused by')} ${colors.red(`${cause.name}: ${cause.message}`)}`);
  return lines;
}

/** `uncaughtException in pid 4242 on host, 2026-11-25 10:00:00 UTC, node v20.20.2`. */
export function formatCrashLine(model: DumpModel): string {
  const p = model.process as unknown as Record<string, unknown>;
  const versions = (p.versions ?? {}) as Record<string, unknown>;
  const time = formatTime(model.time);
  const facts = captureFacts(model);
  return `${reasonText(model)} in pid ${String(p.pid ?? '?')} on ${String(p.hostname ?? '?')}, ${time}, node ${String(versions.node ?? '?')}; ${facts.thread}, ${facts.methodText}`;
}

/** How the error escaped; a failing test by its name, a handled error by its integration and request. */
function reasonText(model: DumpModel): string {
  const test = (model.dump as unknown as { test?: { name?: unknown } }).test;
  if (model.reason === 'testFailure') return `test ${typeof test?.name === 'string' ? JSON.stringify(test.name) : '(unnamed)'} failed`;
  const handled = handledFacts(model);
  if (handled) return handledReason(handled);
  return model.exception.how;
}

/** `2026-11-25 10:00:00 UTC` from an ISO time; unreadable times are shown as they are. */
export function formatTime(iso: unknown): string {
  const date = new Date(typeof iso === 'string' ? iso : NaN);
  return Number.isNaN(date.getTime()) ? String(iso) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
