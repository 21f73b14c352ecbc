import type { FrameKind } from '../dump/types.js';
import { fileURLToPath } from 'node:url';

/** `user` code, a `dependency` under node_modules, or `node`'s own internals. */
export function frameKind(url: string): FrameKind {
  if (!url || url.startsWith('node:') || !/^(file:|\/|[A-Za-z]:\\)/.test(url)) return 'node';
  return /[\\/]node_modules[\\/]/.test(url) ? 'dependency' : 'user';
}

/** A filesystem path for file URLs; other URLs stay as they are. */
export function fileOf(url: string): string {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}
