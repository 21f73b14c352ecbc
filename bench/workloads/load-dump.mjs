// Loads a dump with the project's loader and prints how long loadDump took, in-process.
const [loaderModule, file] = process.argv.slice(2);
const { loadDump } = await import(loaderModule);
const start = performance.now();
const model = await loadDump(file);
const ms = performance.now() - start;
if (!model) process.exit(1);
console.log(JSON.stringify({ ms }));
