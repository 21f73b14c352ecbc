import { readablePath } from './readable-path.js';

/**
 * The Node flags of the evaluator process, whose code lives under `codeRoot`: a heap limit, no
 * code generation from strings, the vm modules API (without it Node ignores the sandbox's
 * `importModuleDynamically` and rejects every `import()` with an error of the evaluator's own
 * realm, see frame-sandbox.ts), and the permission model where Node has one.
 */
export function evaluatorFlags(heapMb: number, codeRoot: string): string[] {
  return [`--max-old-space-size=${heapMb}`, '--disallow-code-generation-from-strings', '--experimental-vm-modules', ...permissionArgs(codeRoot)];
}

/**
 * Node's permission model: the evaluator may read its own code and nothing else, may not spawn
 * processes or workers, and, where Node has `--allow-net` (25 and later), may not use the network,
 * which `--permission` then denies. Node 20 to 24 cannot deny the network (docs/SECURITY.md).
 */
export function permissionArgs(codeRoot: string): string[] {
  const flags = process.allowedNodeEnvironmentFlags;
  const flag = flags.has('--permission') ? '--permission' : flags.has('--experimental-permission') ? '--experimental-permission' : undefined;
  return flag ? [flag, `--allow-fs-read=${readablePath(codeRoot)}`] : [];
}
