import type { FrameView, Position } from '../../loader/index.js';
import type { Colors } from '../colors.js';
import { relativePath } from './relative-path.js';

/** `file:line:col`, relative to the current directory. */
export const formatPosition = (position: Position, cwd?: string) =>
  `${relativePath(position.file, cwd)}:${position.line}:${position.column}`;

/**
 * `#0 Order.total (src/order.ts:12:5)`, as node's own debugger prints frames; Node-internal
 * frames are dimmed, async ones say so, and a mapped frame names the file that ran as well.
 */
export function formatFrameLine(frame: FrameView, colors: Colors, options: { current?: boolean; cwd?: string } = {}): string {
  const marker = options.current === undefined ? '' : options.current ? '> ' : '  ';
  const name = `${frame.async ? 'async ' : ''}${frame.name}`;
  const where = formatPosition(frame.position, options.cwd);
  const generated = frame.original ? colors.dim(` [${formatPosition(frame.generated, options.cwd)}]`) : '';
  const line = `${marker}#${frame.index} ${colors.bold(name)} (${colors.cyan(where)})${generated}`;
  return frame.kind === 'node' ? colors.dim(`${marker}#${frame.index} ${name} (${where})`) : line;
}
