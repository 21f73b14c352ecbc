import { StorageError } from './storage-error.js';
import type { StorageOptions } from './types.js';

/** The JSON type each option must have: `'string|boolean'` allows either. */
export type OptionKind = 'string' | 'boolean' | 'number' | 'object' | 'string|boolean';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks storage options against a driver's table of known keys and returns them typed. Unknown
 * keys are refused so that a typo (`regoin`) does not silently fall back to defaults. Messages
 * name the option and the type that arrived, never its value: values may be secrets.
 */
export function checkOptions<T>(options: StorageOptions, scheme: string, known: Record<keyof T & string, OptionKind>): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StorageError(`Expected the storage options to be a JSON object, got ${kindOf(options)}`, 'invalid-options');
  }
  for (const [key, value] of Object.entries(options)) {
    const kind = (known as Record<string, OptionKind | undefined>)[key];
    if (kind === undefined) {
      const names = Object.keys(known).map((name) => `\`${name}\``).join(', ');
      throw new StorageError(`Unknown storage option \`${key}\` for ${scheme}:// URLs (known: ${names})`, 'invalid-options');
    }
    if (value === undefined) continue;
    const ok = kind.split('|').some((type) =>
      type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === type,
    );
    if (!ok || (kind === 'number' && !(Number.isFinite(value) && (value as number) > 0))) {
      const expected = kind === 'number' ? 'a positive number' : kind === 'object' ? 'an object' : `a ${kind.replace('|', ' or a ')}`;
      throw new StorageError(`Expected the \`${key}\` storage option for ${scheme}:// URLs to be ${expected}, got ${typeof value === 'number' ? String(value) : kindOf(value)}`, 'invalid-options');
    }
  }
  return options as T;
}
