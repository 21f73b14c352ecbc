import { hostname } from 'node:os';
import { threadId, isMainThread } from 'node:worker_threads';
import type { ProcessInfo, ThreadInfo } from '../dump/types.js';
import type { Redactor } from './redact.js';

/** The process at the crash, with secret environment values and argv secrets withheld. */
export function processInfo(redactor: Redactor): ProcessInfo {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    env[name] = redactor.enabled && redactor.isSecretKey(name) ? '[redacted]' : redactor.scrub(value);
  }
  const memory = process.memoryUsage();
  return {
    argv: process.argv.map(redactor.scrub),
    execArgv: process.execArgv.map(redactor.scrub),
    cwd: process.cwd(),
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

/** Which thread crashed; workers are named after `workerData`-independent `threadName` when set. */
export function threadInfo(name?: string): ThreadInfo {
  return { id: threadId, name: isMainThread ? 'main' : name || `worker ${threadId}`, isMain: isMainThread };
}
