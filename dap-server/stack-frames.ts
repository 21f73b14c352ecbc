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

/** Label rows get ids from here on, apart from every frame's. */
const LABEL_IDS = 1_000_000;

/**
 * The call stack of one thread (1: the crash; others: where a cause was thrown) as clients show it,
 * built once per session: frame ids are the model's frame index + 1, unique across threads (some
 * clients treat 0 as "no frame"); each run of `at async …` frames gets a label row first, as VS
 * Code's JavaScript debugger shows them; dependency and Node frames are `subtle` so that clients
 * select the user's own frame.
 */
export function stackFrames(model: DumpModel, positions: ClientPositions, threadId = 1): DisplayFrame[] {
  const rows: DisplayFrame[] = [];
  const frames = model.framesOf(threadId);
  frames.forEach((view, at) => {
    if (view.async && !frames[at - 1]?.async) {
      rows.push({
        frame: {
          id: LABEL_IDS + view.index,
          name: 'await (async frames below: their variables were not captured)',
          line: 0,
          column: 0,
          presentationHint: 'label',
        },
      });
    }
    const dependency = view.kind !== 'user';
    const frame: DebugProtocol.StackFrame = {
      id: view.index + 1,
      name: view.async ? `async ${view.name}` : view.name,
      source: toDapSource(model, view.position, dependency),
      line: positions.line(Math.max(1, view.position.line)),
      column: positions.column(Math.max(1, view.position.column)),
      canRestart: false,
    };
    if (dependency) frame.presentationHint = 'subtle';
    rows.push({ frameIndex: view.index, frame });
  });
  return rows;
}
