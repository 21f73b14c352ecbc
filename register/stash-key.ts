/**
 * A global property name no program uses or can guess: `wipeout.stash.` and 16 random hex digits.
 * node:crypto is loaded here, at the first call, not with the hook (see inspector-bridge.ts).
 */
export function stashKey(): string {
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return `wipeout.stash.${randomBytes(8).toString('hex')}`;
}
