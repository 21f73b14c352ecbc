/**
 * `app.use(wipeout())` first in the chain: saves a dump of each error thrown below it, then
 * rethrows it, so Koa's own error handling (or the app's, above it) answers as without.
 * Imports nothing of Koa; works with Koa 2 and 3.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recorder, type HandledOptions } from './record-handled-error.js';

export type { HandledOptions } from './record-handled-error.js';

/** The part of Koa's context the middleware reads. */
export interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  originalUrl?: string;
}

export function wipeout(options: HandledOptions = {}): (ctx: KoaContext, next: () => Promise<unknown>) => Promise<void> {
  const record = recorder('koa', options);
  return async function wipeoutErrors(ctx, next) {
    try {
      await next();
    } catch (error) {
      if (record) record(error, { method: ctx.req.method, url: ctx.originalUrl ?? ctx.req.url, headers: ctx.req.headers }, ctx.res);
      throw error;
    }
  };
}
