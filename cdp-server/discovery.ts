import { basename } from 'node:path';
import type { DumpModel, ThreadView } from '../loader/index.js';

/** What `/json/list` says of the one target: the shape Node's inspector answers with. */
export interface TargetDescription {
  description: string;
  devtoolsFrontendUrl: string;
  devtoolsFrontendUrlCompat: string;
  faviconUrl: string;
  id: string;
  title: string;
  type: 'node';
  url: string;
  webSocketDebuggerUrl: string;
}

/** `127.0.0.1:9229`, `[::1]:9229`: the authority clients put in URLs. */
export function authority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The DevTools frontend URL for a target, as `node --inspect` prints it. */
export function devtoolsUrl(host: string, port: number, id: string, page = 'js_app.html'): string {
  return `devtools://devtools/bundled/${page}?experiments=true&v8only=true&ws=${authority(host, port)}/${id}`;
}

/**
 * A target of a loaded dump: the crash (thread 1), named after the crashed script and described as
 * a saved crash, or where one of its causes was thrown (a cause's thread, see ThreadView).
 */
export function describeTarget(model: DumpModel, host: string, port: number, id: string, thread: ThreadView = model.threads[0]!): TargetDescription {
  const script = model.process.argv?.[1];
  const title = typeof script === 'string' && script ? basename(script) : basename(model.location);
  const cause = thread.causeDepth === undefined ? undefined : model.exception.causes[thread.causeDepth - 1];
  const top = cause ? model.framesOf(thread.id)[0] : model.frames[model.topUserFrame];
  return {
    description: (cause
      ? `wipeout: where cause ${thread.causeDepth} of the saved crash was thrown, ${cause.name}: ${cause.message}`
      : `wipeout: saved crash ${model.exception.name}: ${model.exception.message}`).slice(0, 200),
    devtoolsFrontendUrl: devtoolsUrl(host, port, id),
    devtoolsFrontendUrlCompat: devtoolsUrl(host, port, id, 'inspector.html'),
    faviconUrl: 'https://nodejs.org/static/images/favicons/favicon.ico',
    id,
    title: cause ? `${title} (saved crash, cause ${thread.causeDepth}: where it was thrown)` : `${title} (saved crash)`,
    type: 'node',
    url: top?.generated.url || (typeof script === 'string' ? script : ''),
    webSocketDebuggerUrl: `ws://${authority(host, port)}/${id}`,
  };
}

/** `/json/version`: the browser and protocol version, as Node's inspector answers. */
export function versionInfo(model: DumpModel): Record<string, string> {
  return { Browser: `node.js/v${model.process.versions?.node ?? '0.0.0'} (wipeout saved crash)`, 'Protocol-Version': '1.1' };
}
