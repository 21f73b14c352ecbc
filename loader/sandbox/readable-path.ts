import { dirname, sep } from 'node:path';

/**
 * `root` as the value of `--allow-fs-read`, which Node splits at commas and reads a `*` in as a
 * wildcard: a root whose path holds either is widened to its nearest ancestor that holds neither
 * (a comma in the install path would otherwise split it into two paths, neither of them the
 * evaluator's code, and the evaluator would not start). The trailing separator keeps it a folder.
 */
export function readablePath(root: string): string {
  let path = root;
  while (/[,*]/.test(path) && dirname(path) !== path) path = dirname(path);
  if (/[,*]/.test(path)) path = sep;
  return path.endsWith(sep) ? path : `${path}${sep}`;
}
