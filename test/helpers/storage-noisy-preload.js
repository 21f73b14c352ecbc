// A preload that records each process it loads into (one line in $NOISY_PRELOAD_LOG) and talks on
// stderr: the crash-time upload child must load neither it nor our own hook.
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.NOISY_PRELOAD_LOG, `${process.pid} WIPEOUT=${process.env.WIPEOUT ?? ''}\n`);
process.stderr.write('noisy preload loaded\n');
