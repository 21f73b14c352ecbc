import { hostname } from 'node:os';
import * as workerThreads from 'node:worker_threads';
import type { ProcessInfo, ThreadInfo } from '../dump/types.js';
import { intrinsics as I } from './intrinsics.js';
import { REDACTED, redactArgv, type Redactor } from './redact.js';

/** The process at the crash, with secret environment values and argv secrets withheld. */
export function processInfo(redactor: Redactor): ProcessInfo {
  const env: Record<string, string> = {};
  for (const [name, value] of I.entries(process.env)) {
    if (value === undefined) continue;
    env[name] = redactor.enabled && redactor.isSecretEnvName(name) ? REDACTED : redactor.scrub(value);
  }
  const memory = process.memoryUsage();
  return {
    argv: redactArgv(process.argv, redactor),
    execArgv: redactArgv(process.execArgv, redactor),
    cwd: currentDirectory(),
    pid: process.pid,
    ppid: process.ppid,
    title: process.title,
    versions: { ...process.versions } as Record<string, string>,
    platform: process.platform,
    arch: process.arch,
    hostname: hostname(),
    uptime: process.uptime(),
    memory: {
      rss: memory.rss,
      heapTotal: memory.heapTotal,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
    },
    env,
  };
}

/** Which thread crashed: workers by the `name` given to `new Worker` where Node tells it (22.16+, 24+). */
export function threadInfo(): ThreadInfo {
  const { threadId, isMainThread } = workerThreads;
  const given = (workerThreads as { threadName?: string }).threadName;
  return { id: threadId, name: isMainThread ? 'main' : given || `worker ${threadId}`, isMain: isMainThread };
}

/** The current directory, or why there is none: a program may have removed it before crashing. */
function currentDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    return `(unknown: ${(error as NodeJS.ErrnoException)?.code ?? 'error'})`;
  }
}
