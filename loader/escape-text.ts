import type { Dump, EscapeInfo } from '../dump/types.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `Dump.escape` as this reader knows it, or undefined when absent or malformed. */
export function checkedEscape(value: unknown): EscapeInfo | undefined {
  if (!isRecord(value)) return undefined;
  if (value.nodeOrigin !== 'uncaughtException' && value.nodeOrigin !== 'unhandledRejection') return undefined;
  return { nodeOrigin: value.nodeOrigin, ...(value.thrownIn === 'commonjs' ? { thrownIn: 'commonjs' as const } : {}) };
}

/**
 * How the error escaped, as users know it. A CommonJS throw under `--import`, which Node reports
 * as an unhandled rejection of its module loader's promise, is `uncaught exception, thrown in
 * CommonJS (Node's origin: unhandledRejection)`; other dumps keep Node's own word (`uncaughtException`).
 */
export function escapeText(reason: Dump['reason'], escape: EscapeInfo | undefined): string {
  if (escape?.thrownIn !== 'commonjs') return reason;
  return `uncaught exception, thrown in CommonJS (Node's origin: ${escape.nodeOrigin})`;
}
