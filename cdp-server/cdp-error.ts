/** A protocol error answer: `{ id, error: { code, message } }`. V8 uses -32000 for failed requests. */
export class CdpError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'CdpError';
  }
}

/** The message of every request that would run the program. */
export const PROCESS_GONE = 'the process is gone: this is a saved crash. Nothing can run or step; inspect the frames and variables, or evaluate expressions in the console';
