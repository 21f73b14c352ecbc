import { randomBytes } from 'node:crypto';

/**
 * A global property name no program uses or can guess: `wipeout.stash.` and 16 random hex digits,
 * drawn once when the hook loads.
 */
export function stashKey(): string {
  return `wipeout.stash.${randomBytes(8).toString('hex')}`;
}
