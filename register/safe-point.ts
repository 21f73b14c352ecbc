import diagnosticsChannel from 'node:diagnostics_channel';
import { eventLoop } from './event-loop.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/**
 * Whether the debugger may be turned off from inside `Debugger.scriptParsed`, which V8 sends
 * while it is still compiling. Node 20 survives it (40 runs of a 3,000-module start-up). Node 24
 * and 26 crash (SIGSEGV, "pure virtual method called"); Node 22 survived 15 runs, but it has the
 * `module.require` channel below, so it takes the safe way too.
 */
const MAY_STOP_WHILE_COMPILING = NODE_MAJOR < 22;

/**
 * Runs `work` as soon as V8 has finished compiling: at once on Node 20; elsewhere at the next
 * `require` boundary (Node's `module.require` tracing channel, 22+) or when the running code
 * returns (a microtask), whichever comes first. A synchronous chain of 3,000 requires is thus cut
 * after the next module, not after the whole chain. Subscribed only while a call waits.
 */
export function atNextSafePoint(work: () => void): void {
  if (MAY_STOP_WHILE_COMPILING) {
    work();
    return;
  }
  let done = false;
  const channel = requireChannel();
  const once = () => {
    if (done) return;
    done = true;
    channel?.unsubscribe(handlers);
    work();
  };
  const handlers = { start: once, end: once, asyncStart: once, asyncEnd: once, error: once };
  channel?.subscribe(handlers);
  eventLoop.queueMicrotask(once);
}

type TracingChannel = ReturnType<typeof diagnosticsChannel.tracingChannel>;
let channel: TracingChannel | null | undefined;

function requireChannel(): TracingChannel | null {
  if (channel === undefined) {
    try {
      channel = diagnosticsChannel.tracingChannel('module.require');
    } catch {
      channel = null;
    }
  }
  return channel;
}
