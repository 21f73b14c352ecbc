import type { DumpModel } from '../../loader/index.js';
import { colorsFor, type Colors } from '../colors.js';
import { printable } from '../printable.js';

/** Columns assumed when the output is not a terminal (a pipe, a test). */
const DEFAULT_WIDTH = 80;

/** The state of one terminal debugging session: the model, the current frame, where output goes. */
export class Session {
  frame: number;
  readonly colors: Colors;
  /** The last line `list` printed in the current frame, so that `list` again goes on from there (pdb). */
  listedUpTo?: number;
  /** Expressions `display` shows after every move to another frame. */
  readonly displays: string[] = [];
  /** What an empty line repeats (`list`, `up`, `down`), as in pdb; other commands are not repeated. */
  lastCommand?: string;

  constructor(
    readonly model: DumpModel,
    readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  ) {
    this.frame = model.frames.length > 0 ? model.topUserFrame : 0;
    this.colors = colorsFor(output);
  }

  /** How wide a line may be before a value is better laid out on several. */
  get width(): number {
    const { columns } = this.output;
    return typeof columns === 'number' && columns > 0 ? columns : DEFAULT_WIDTH;
  }

  /** Writes lines; what they quote from the dump cannot drive the terminal (see `printable`). */
  print(...lines: string[]): void {
    this.output.write(`${printable(lines.join('\n'), { keepStyles: this.colors.enabled })}\n`);
  }

  error(message: string): void {
    this.print(this.colors.red(message));
  }
}
