import type { Described, Entry } from './read-entries.js';

/** One line of `wipeout list --group`: the dumps of one fingerprint. */
export interface Group {
  fingerprint: string;
  /** `Error: order <n> not found in <str>`: the error with what varies replaced. */
  error: string;
  topFrame?: string;
  /** Dumps saved of it. */
  count: number;
  /** Occurrences the integrations' window skipped between those dumps (handled errors). */
  skipped: number;
  firstTime?: string;
  lastTime?: string;
  /** Where the handled errors came from (`express`), or the failing tests' names. */
  frameworks: string[];
  tests: string[];
  /** The dumps, newest first. */
  dumps: Array<Pick<Entry, 'name' | 'location' | 'time'>>;
}

/**
 * Groups readable dumps by fingerprint, most recently seen first; unreadable files are returned
 * apart, one each, as `list` shows them.
 */
export function groupEntries(described: Described[]): { groups: Group[]; unreadable: Entry[] } {
  const groups = new Map<string, Group>();
  const unreadable: Entry[] = [];
  // `described` is newest first, so a group's first dump is its newest.
  for (const { entry, template } of described) {
    if (entry.unreadable || entry.fingerprint === undefined) {
      unreadable.push(entry);
      continue;
    }
    let group = groups.get(entry.fingerprint);
    if (!group) {
      group = { fingerprint: entry.fingerprint, error: template ?? entry.error ?? '?', topFrame: entry.topFrame, count: 0, skipped: 0, lastTime: entry.time, frameworks: [], tests: [], dumps: [] };
      groups.set(entry.fingerprint, group);
    }
    group.count++;
    group.skipped += entry.handled?.skippedBefore ?? 0;
    group.firstTime = entry.time;
    if (entry.handled && !group.frameworks.includes(entry.handled.framework)) group.frameworks.push(entry.handled.framework);
    if (entry.test !== undefined && !group.tests.includes(entry.test)) group.tests.push(entry.test);
    group.dumps.push({ name: entry.name, location: entry.location, time: entry.time });
  }
  return { groups: [...groups.values()], unreadable };
}
