// Shared by the probes: with PROBE_REPORT=1, say on stderr that a pause happened and how deep, so a
// crash fixture shows what each variant would capture.
import { writeSync } from 'node:fs';
export function reportPause(message) {
  if (process.env.PROBE_REPORT !== '1') return;
  const { reason, callFrames, data } = message.params;
  writeSync(2, `PROBE paused reason=${reason} frames=${callFrames?.length} uncaught=${data?.uncaught}\n`);
}
