// Lays out `modules` generated files as `chains` independent chains, each module loading the next:
// one 3,000-deep chain overflows the stack on plain Node 20 (FINDINGS.md).

/**
 * Calls `writeModule(id, nextId)` for every module (`nextId` is null at a chain's end) and returns
 * the ids of the chains' first modules, which the entry file loads.
 */
export function writeChains(modules, chains, writeModule) {
  const perChain = Math.ceil(modules / chains);
  const heads = [];
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < perChain; i++) {
      const id = c * perChain + i;
      if (id >= modules) break;
      const isLast = i === perChain - 1 || id === modules - 1;
      if (i === 0) heads.push(id);
      writeModule(id, isLast ? null : id + 1);
    }
  }
  return heads;
}
