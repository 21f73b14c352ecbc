import type { ChangedAfterThrow } from '../dump/types.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
/** Changes a reader takes from a dump, whatever a damaged or hostile one holds. */
const MAX_CHANGES = 20;
const MAX_TEXT = 200;

export interface ChangesAfterThrow {
  changes: ChangedAfterThrow[];
  more: number;
}

/** `capture.changedAfterThrow` as this reader knows it (format 1.9), or undefined. */
export function checkedChangesAfterThrow(capture: unknown): ChangesAfterThrow | undefined {
  const changed = isRecord(capture) ? capture.changedAfterThrow : undefined;
  if (!isRecord(changed) || !Array.isArray(changed.changes)) return undefined;
  const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
  const changes: ChangedAfterThrow[] = [];
  for (const change of changed.changes.slice(0, MAX_CHANGES)) {
    if (!isRecord(change) || typeof change.path !== 'string' || typeof change.atThrow !== 'string') continue;
    changes.push({ path: clip(change.path), atThrow: clip(change.atThrow), ...(typeof change.now === 'string' ? { now: clip(change.now) } : {}) });
  }
  if (changes.length === 0) return undefined;
  const more = typeof changed.more === 'number' && Number.isSafeInteger(changed.more) && changed.more > 0 ? changed.more : 0;
  return { changes, more: more + Math.max(0, changed.changes.length - MAX_CHANGES) };
}

/**
 * One line per change, as every debugger says it: the dump's values are those at the escape, so
 * each line says what the value was at the throw.
 */
export function changesAfterThrowLines(changed: ChangesAfterThrow): string[] {
  const lines = changed.changes.map(({ path, atThrow, now }) => (now ? `${path}: ${now} after the throw (at the throw: ${atThrow})` : `${path} was ${atThrow} at the throw`));
  if (changed.more > 0) lines.push(`… and ${changed.more} more`);
  return lines;
}

/** The heading above those lines. */
export const CHANGED_AFTER_THROW_HEADING = 'changed between the throw and the escape (values shown are from the escape):';
