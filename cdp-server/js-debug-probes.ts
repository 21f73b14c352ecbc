import type { DumpModel } from '../loader/index.js';
import type { EvaluateAnswer } from './evaluate.js';

// VS Code's js-debug asks a Node target two things with `Runtime.evaluate` right after attaching
// (src/targets/node/nodeAttacherBase.ts in microsoft/vscode-js-debug): which process it is, and to
// append its auto-attach options to `process.env` for child processes. Both test
// `typeof process` first and, while the answer is 'process not defined', retry: the second up to
// 200 times, each logged as an error. The sandbox has no `process`, so they are answered here.
const PROCESS_INFO = "typeof process === 'undefined' || process.pid === undefined ? 'process not defined' : ({ processId: process.pid, nodeVersion: process.version, architecture: process.arch })";
const APPEND_ENV = "typeof Deno==='object'?'deno':typeof process==='undefined'||process.pid===undefined?'process not defined':(()=>{process.env[";

/**
 * js-debug's answer for one of its start-up probes, or undefined for any other expression. The
 * process facts come from the dump; the environment probe is a no-op, which is what it means for
 * a process that is gone and will start no children.
 */
export function answerJsDebugProbe(model: DumpModel, expression: string): EvaluateAnswer | undefined {
  if (expression.startsWith(PROCESS_INFO)) {
    const { pid, versions, arch } = model.process;
    const value = { processId: pid, nodeVersion: `v${versions?.node ?? 'unknown'}`, architecture: arch };
    return { result: { type: 'object', value, description: 'Object' } };
  }
  if (expression.startsWith(APPEND_ENV)) return { result: { type: 'undefined' } };
  return undefined;
}
