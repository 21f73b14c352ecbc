import type { DumpModel } from '../loader/index.js';

/** The lines a session writes to the client's console on attach: what crashed, where and when. */
export function sessionSummary(model: DumpModel): string {
  const { exception, process: info } = model;
  const top = model.frames[model.topUserFrame];
  const where = top ? ` in ${top.name} (${top.position.file}:${top.position.line}:${top.position.column})` : '';
  const how = exception.reason === 'unhandledRejection' ? 'Unhandled rejection' : exception.reason === 'manual' ? 'Saved' : 'Uncaught';
  const lines = [
    `wipeout: ${how} ${exception.name}: ${exception.message}${where}`,
    `  saved ${model.time} by pid ${info.pid} on ${info.hostname} (Node ${info.versions?.node ?? '?'}), from ${model.location}`,
    ...exception.causes.map((cause, depth) => `  ${'  '.repeat(depth)}caused by ${cause.name}: ${cause.message}`),
    '  This is a saved crash: inspect frames and variables, evaluate expressions here; nothing can run.',
  ];
  return `${lines.join('\n')}\n`;
}
