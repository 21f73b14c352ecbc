/** One dump per fingerprint per hour unless told otherwise. */
export const DEFAULT_WINDOW_MS = 60 * 60 * 1000;
/** Fingerprints remembered at most: a server whose every error is new forgets the oldest. */
const MAX_FINGERPRINTS = 1_000;

interface Entry {
  /** When the last dump of this fingerprint was admitted. */
  admittedAt: number;
  /** Occurrences skipped since then. */
  skipped: number;
}

/** What `admit` decided: write now (reporting `skippedBefore` skipped ones), or skip and count. */
export type Admission = { write: true; skippedBefore: number } | { write: false };

/**
 * Deduplicates handled errors: the first of a fingerprint in each window is written, the rest are
 * counted, and the next one written says how many were skipped before it.
 */
export class HandledWindow {
  #entries = new Map<string, Entry>();

  admit(fingerprint: string, windowMs: number, now = Date.now()): Admission {
    const entry = this.#entries.get(fingerprint);
    if (entry && now - entry.admittedAt < windowMs) {
      entry.skipped++;
      return { write: false };
    }
    const skippedBefore = entry?.skipped ?? 0;
    // Re-inserted, so that the map's order is the order of use and the oldest goes first.
    this.#entries.delete(fingerprint);
    this.#entries.set(fingerprint, { admittedAt: now, skipped: 0 });
    if (this.#entries.size > MAX_FINGERPRINTS) this.#entries.delete(this.#entries.keys().next().value!);
    return { write: true, skippedBefore };
  }

  /**
   * Gives an admission back when its dump was not written (the hook's per-minute cap, a failed
   * write): the next occurrence is written instead, and counts this one among the skipped.
   */
  release(fingerprint: string, skippedBefore: number): void {
    const entry = this.#entries.get(fingerprint);
    if (!entry) return;
    entry.admittedAt = -Infinity;
    entry.skipped += skippedBefore + 1;
  }
}

/**
 * The window from the `window` option or `WIPEOUT_HANDLED_WINDOW`: milliseconds, or a number with
 * `ms`, `s`, `m` or `h` (`30s`, `1h`); `0` writes every occurrence.
 */
export function windowFrom(option: number | string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return duration(option, '`window` option');
  const text = env.WIPEOUT_HANDLED_WINDOW?.trim();
  return text ? duration(text, '`WIPEOUT_HANDLED_WINDOW`') : DEFAULT_WINDOW_MS;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function duration(value: number | string, what: string): number {
  const match = typeof value === 'number' ? [String(value), String(value), 'ms'] : /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  const amount = match ? Number(match[1]) * UNITS[match[2] ?? 'ms']! : NaN;
  if (!Number.isFinite(amount) || amount < 0) {
    throw new TypeError(`Expected the ${what} to be a duration such as 3600000, 30s or 1h, got \`${String(value)}\``);
  }
  return amount;
}
