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

/**
 * Tools that only load the program (compile TypeScript, register a require hook): tsx, ts-node,
 * esbuild-register, @esbuild-kit, swc's and babel's register hooks, pirates. Their frames sit
 * between Node's loader and the user's module, and their locals (compiler caches, whole source
 * texts) once made a tsx dump 200 kB: they are kept as frames without scopes unless asked.
 */
const LOADER_TOOL = /[\\/]node_modules[\\/](?:tsx|ts-node|esbuild-register|@esbuild-kit[\\/][^\\/]+|@swc[\\/]register|@swc-node[\\/]register|@babel[\\/]register|pirates)[\\/]/;

export function isLoaderToolFrame(url: string): boolean {
  return LOADER_TOOL.test(url);
}
