/**
 * Which names look secret, for variables, properties, Map keys, header names, argv flags and
 * environment variables. docs/SECURITY.md states these rules; test/security/redaction-shapes.test.js
 * checks each one, including the ordinary names that must stay visible.
 */

/** Words that make a name secret wherever they appear in it (`dbPassword`, `x-api-key`, `sessions`). */
const ANYWHERE_WORDS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'api_key', 'authorization',
  'cookie', 'session', 'private_key', 'privatekey', 'credential', 'access_key',
  'accesskey', 'signature', 'bearer', 'jwt', 'x_api_key',
];

/**
 * Short words that are secret only as a whole word at the end of a name (`pass`, `dbPass`,
 * `basicAuth`, `signingKey`): anywhere else they hide ordinary data (`keys`, `monkey`, `passed`,
 * `author`, `keyName`).
 */
const LAST_WORDS = new Set(['pwd', 'pass', 'auth', 'creds', 'key', 'pem']);

/** Names ending in `key` that are ordinary data, not keys to anything. */
const ORDINARY_KEY_NAMES = new Set([
  'public_key', 'primary_key', 'foreign_key', 'sort_key', 'partition_key', 'cache_key', 'hash_key',
  'range_key', 'row_key', 'lookup_key', 'object_key', 'map_key',
]);

/** Environment names are secret by these suffixes too; a bare `PWD` is the working directory. */
const ENV_SUFFIX = /_(key|pass|pwd|auth|creds|pem)$/;

export interface NameRules {
  /**
   * The part of a variable or property name that makes it secret, or undefined. `inList`: the name
   * is an item of a name/value list (`req.rawHeaders`, argv), where a bare short word (`key`,
   * `pass`) is more often data (`Object.keys(…)`) than a name: only flags (`--key`) and
   * compound names (`x-auth-user`) count there.
   */
  match(name: string, inList?: boolean): string | undefined;
  /** The same for an environment variable's name. */
  matchEnv(name: string): string | undefined;
}

/** Rules with the program's own patterns (regular expression sources) added to the built-in words. */
export function nameRules(patterns: readonly string[] = []): NameRules {
  const words = ANYWHERE_WORDS.map((word) => word.replace(/_/g, '[^a-z0-9]?'));
  const anywhere = new RegExp(words.join('|'), 'i');
  const extra = patterns.length > 0 ? new RegExp(patterns.join('|'), 'i') : undefined;
  const cache = new Map<string, string | undefined>();
  const anywhereMatch = (normal: string) => {
    const found = anywhere.exec(normal) ?? anywhere.exec(normal.replace(/[^a-z0-9]/g, '')) ?? (extra && extra.exec(normal));
    return found ? found[0] : undefined;
  };
  return {
    match(name, inList = false) {
      const cacheKey = inList ? `\0${name}` : name;
      if (cache.has(cacheKey)) return cache.get(cacheKey);
      const normal = normalise(name);
      let found = anywhereMatch(normal);
      if (found === undefined) {
        const parts = normal.split(/[^a-z0-9]+/).filter(Boolean);
        const last = parts[parts.length - 1];
        // Header names: `X-Auth-User`, `X-Auth-Email` carry credentials under any last word.
        if (parts[0] === 'x' && parts[1] === 'auth') found = 'x-auth';
        else if (inList && parts.length < 2 && !name.startsWith('-')) found = undefined;
        else if (last && LAST_WORDS.has(last) && !ORDINARY_KEY_NAMES.has(parts.slice(-2).join('_'))) found = last;
      }
      if (cache.size < 10_000) cache.set(cacheKey, found);
      return found;
    },
    matchEnv(name) {
      const normal = name.toLowerCase();
      return anywhereMatch(normal) ?? ENV_SUFFIX.exec(normal)?.[0];
    },
  };
}

/** `apiKey`, `API_KEY`, `Api-Key` and `APIKey` all become `api_key`. */
function normalise(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
