import type { DumpModel } from '../../loader/index.js';
import { colorsFor, type Colors } from '../colors.js';
import { printable } from '../printable.js';

/** The state of one terminal debugging session: the model, the current frame, where output goes. */
export class Session {
  frame: number;
  readonly colors: Colors;

  constructor(
    readonly model: DumpModel,
    readonly output: NodeJS.WritableStream & { isTTY?: boolean },
  ) {
    this.frame = model.frames.length > 0 ? model.topUserFrame : 0;
    this.colors = colorsFor(output);
  }

  /** Writes lines; what they quote from the dump cannot drive the terminal (see `printable`). */
  print(...lines: string[]): void {
    this.output.write(`${printable(lines.join('\n'), { keepStyles: this.colors.enabled })}\n`);
  }

  error(message: string): void {
    this.print(this.colors.red(message));
  }
}
