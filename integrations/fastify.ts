/**
 * `app.register(wipeout)`: an `onError` hook that saves a dump of each error a route throws or
 * rejects with, after the reply is sent; Fastify's error handling, the app's `setErrorHandler`
 * included, is unchanged. Imports nothing of Fastify, and needs no fastify-plugin: the symbols it
 * would set are set here, so the hook applies to the whole app, not only to a child context.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recorder, type HandledOptions, type Recorder } from './record-handled-error.js';

export type { HandledOptions } from './record-handled-error.js';

/** The parts of a Fastify instance, request and reply the plugin uses. */
export interface FastifyLike {
  addHook(name: 'onError', hook: (request: { raw: IncomingMessage; url: string; method: string; headers: IncomingMessage['headers'] }, reply: { raw: ServerResponse }, error: unknown) => Promise<void>): unknown;
}

/** The plugin; its options are `HandledOptions`, given as `app.register(wipeout, { window: '10m' })`. */
export function wipeout(instance: FastifyLike, options: HandledOptions, done: (error?: Error) => void): void {
  let record: Recorder | undefined;
  try {
    record = recorder('fastify', { window: options?.window, filter: options?.filter });
  } catch (error) {
    done(error as Error);
    return;
  }
  if (record) {
    const save = record;
    instance.addHook('onError', async (request, reply, error) => {
      save(error, { method: request.method, url: request.raw.url ?? request.url, headers: request.headers }, reply.raw);
    });
  }
  done();
}

// What fastify-plugin sets: skip encapsulation (the hook sees every route) and name the plugin.
Object.assign(wipeout, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'wipeout',
  [Symbol.for('plugin-meta')]: { name: 'wipeout', fastify: '>=4' },
});
