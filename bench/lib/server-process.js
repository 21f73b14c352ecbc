// What the HTTP-style bench sections read of the server process they start.
import { readFileSync } from 'node:fs';

/** Waits for the server's {"port": n} line; other output (warnings, Sentry's banner) is ignored. */
export function readPort(server) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the server printed no port within 20 s')), 20_000);
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /\{"port":(\d+)\}/.exec(text);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}`)); });
  });
}

/** User + system CPU of a process so far, from /proc (Linux; null elsewhere). */
export function serverCpuMs(pid) {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
