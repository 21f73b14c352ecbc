// Loads a dump with the project's loader and prints how long loadDump took, in-process; with
// `--evaluate`, also the first evaluation in the top user frame (which starts the evaluator process
// and rebuilds the frame's values there) and a second one.
const [loaderModule, file, mode] = process.argv.slice(2);
const { loadDump } = await import(loaderModule);
const start = performance.now();
const model = await loadDump(file);
const ms = performance.now() - start;
if (!model) process.exit(1);
if (mode !== '--evaluate') {
  console.log(JSON.stringify({ ms }));
} else {
  const timed = (expression) => {
    const begin = performance.now();
    const result = model.evaluate(expression, model.topUserFrame);
    if (!result.ok) throw new Error(result.error);
    return performance.now() - begin;
  };
  const firstMs = timed(model.namesInFrame(model.topUserFrame)[0] ?? '1');
  const againMs = timed('1 + 1');
  model.close();
  console.log(JSON.stringify({ ms, firstMs, againMs }));
}
