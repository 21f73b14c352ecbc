import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DumpModel } from '../loader/index.js';
import { toDapSource } from './to-dap-source.js';

/** Lines and columns as the client counts them (the model's are 1-based). */
export interface ClientPositions {
  line(line: number): number;
  column(column: number): number;
}

/** One row of the call stack a client shows: a captured frame, or a label marking an async boundary. */
export interface DisplayFrame {
  /** Index into `model.frames`; absent for label rows. */
  frameIndex?: number;
  frame: DebugProtocol.StackFrame;
}

/**
 * The call stack as clients show it, built once per session: frame ids are `index + 1` (some
 * clients treat 0 as "no frame"); each run of `at async …` frames gets a label row first, as VS
 * Code's JavaScript debugger shows them; dependency and Node frames are `subtle` so that clients
 * select the user's own frame.
 */
export function stackFrames(model: DumpModel, positions: ClientPositions): DisplayFrame[] {
  const rows: DisplayFrame[] = [];
  let labels = 0;
  model.frames.forEach((view, index) => {
    if (view.async && !model.frames[index - 1]?.async) {
      labels++;
      rows.push({
        frame: {
          id: model.frames.length + labels,
          name: 'await (async frames below: their variables were not captured)',
          line: 0,
          column: 0,
          presentationHint: 'label',
        },
      });
    }
    const dependency = view.kind !== 'user';
    const frame: DebugProtocol.StackFrame = {
      id: index + 1,
      name: view.async ? `async ${view.name}` : view.name,
      source: toDapSource(model, view.position, dependency),
      line: positions.line(Math.max(1, view.position.line)),
      column: positions.column(Math.max(1, view.position.column)),
      canRestart: false,
    };
    if (dependency) frame.presentationHint = 'subtle';
    rows.push({ frameIndex: index, frame });
  });
  return rows;
}
