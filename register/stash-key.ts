/**
 * A global property name no program uses: `wipeout.stash.` and 16 random hex digits, drawn at
 * load, before the program runs. Math.random rather than node:crypto, which takes 16-20 ms to load
 * on Node 24 and would be paid at the first throw of every process: the name only has to differ
 * from the program's own globals. It is no secret to keep: the stash exists only while one of the
 * hook's inspector calls runs (no program code runs meanwhile), and it is an own data property, so
 * that a program that guessed the name could make a capture fail but never run code in it.
 */
export function stashKey(): string {
  let digits = '';
  for (let index = 0; index < 4; index++) digits += (0x10000 + Math.floor(Math.random() * 0x10000)).toString(16).slice(1);
  return `wipeout.stash.${digits}`;
}
