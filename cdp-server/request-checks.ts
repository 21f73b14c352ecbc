import type { IncomingMessage } from 'node:http';

/** Host names a browser on this machine uses for a loopback server. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request's `Host` header names this server: a loopback name (or the address it was
 * told to bind), with its port or none. Anything else is refused, so that a web page whose DNS name
 * is rebound to 127.0.0.1 cannot read the dump through the victim's browser (as Node's inspector
 * does). The name is what defeats rebinding; a missing port is accepted because VS Code's js-debug
 * sends a bare `Host: localhost` when the attach configuration names an `address`, and Node allows it.
 */
export function isAllowedHost(header: string | undefined, port: number, boundHost: string): boolean {
  if (typeof header !== 'string' || header === '') return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  const portOk = portText === undefined || Number(portText) === port;
  const bound = boundHost.includes(':') ? `[${boundHost.toLowerCase()}]` : boundHost.toLowerCase();
  return portOk && (LOOPBACK_NAMES.has(name!) || name === bound);
}

/**
 * Whether a WebSocket upgrade may come from this `Origin`: none (js-debug, WebStorm, `node inspect`),
 * the DevTools frontend (`devtools://`, `chrome-devtools://`), or a page served from this machine
 * (the frontend served over http, as tests do). A foreign web page's origin is refused.
 */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined || origin === '') return true;
  if (/^(devtools|chrome-devtools):\/\//i.test(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname.toLowerCase());
}

/** The `Origin` header of a request, when it has exactly one. */
export function originOf(request: IncomingMessage): string | undefined {
  const origin = request.headers.origin;
  return typeof origin === 'string' ? origin : undefined;
}
