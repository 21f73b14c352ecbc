import { Session } from 'node:inspector';

/**
 * A same-thread inspector session with a synchronous `post`. In the thread that owns the session,
 * Node answers `post` before it returns, which lets a `Debugger.paused` handler read everything it
 * needs while V8 holds the program at the throw.
 */
export class SyncSession {
  readonly session = new Session();

  constructor() {
    this.session.connect();
  }

  post<T = any>(method: string, params?: object): T {
    let failure: Error | null = null;
    let result: unknown;
    let answered = false;
    this.session.post(method, params ?? {}, (error, value) => {
      failure = error;
      result = value;
      answered = true;
    });
    if (!answered) throw new Error(`the inspector did not answer ${method} synchronously`);
    if (failure) throw failure;
    return result as T;
  }

  disconnect(): void {
    this.session.disconnect();
  }
}
