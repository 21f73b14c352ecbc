import { basename } from 'node:path';
import type { DumpModel } from '../loader/index.js';

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

/** The one target a loaded dump is: named after the crashed script, described as a saved crash. */
export function describeTarget(model: DumpModel, host: string, port: number, id: string): TargetDescription {
  const script = model.process.argv?.[1];
  const title = typeof script === 'string' && script ? basename(script) : basename(model.location);
  const top = model.frames[model.topUserFrame];
  return {
    description: `wipeout: saved crash ${model.exception.name}: ${model.exception.message}`.slice(0, 200),
    devtoolsFrontendUrl: devtoolsUrl(host, port, id),
    devtoolsFrontendUrlCompat: devtoolsUrl(host, port, id, 'inspector.html'),
    faviconUrl: 'https://nodejs.org/static/images/favicons/favicon.ico',
    id,
    title: `${title} (saved crash)`,
    type: 'node',
    url: top?.generated.url || (typeof script === 'string' ? script : ''),
    webSocketDebuggerUrl: `ws://${authority(host, port)}/${id}`,
  };
}

/** `/json/version`: the browser and protocol version, as Node's inspector answers. */
export function versionInfo(model: DumpModel): Record<string, string> {
  return { Browser: `node.js/v${model.process.versions?.node ?? '0.0.0'} (wipeout saved crash)`, 'Protocol-Version': '1.1' };
}
