/**
 * `app.use(wipeout())` after the routes and before the app's own error handler: saves a dump of
 * each error Express hands to error middleware, then passes it on with `next(err)`, so the app
 * answers exactly as it would without. Imports nothing of Express.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recorder, type HandledOptions } from './record-handled-error.js';

export type { HandledOptions } from './record-handled-error.js';

/** The Express error middleware (four parameters: Express tells error middleware by its arity). */
export function wipeout(options: HandledOptions = {}): (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const record = recorder('express', options);
  return function wipeoutErrors(error, req, res, next) {
    // `originalUrl`: a router mounted at a path rewrites `url` to the rest of it.
    if (record) record(error, { method: req.method, url: (req as { originalUrl?: string }).originalUrl ?? req.url, headers: req.headers }, res);
    next(error);
  };
}
