/**
 * Decides what looks secret. Three rules, all on by default:
 * - a value under a secret-looking key (password, token, authorization, cookie, …) is withheld;
 * - credentials inside URLs (`https://user:pass@host`) are masked;
 * - any occurrence of the value of a secret environment variable is masked, wherever it appears.
 */

/** Key words that make a property or variable name secret, matched with any separator and case. */
const SECRET_KEY_WORDS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'api_key', 'authorization',
  'cookie', 'session', 'private_key', 'privatekey', 'credential', 'credentials', 'access_key',
  'accesskey', 'signature', 'bearer', 'jwt', 'x_api_key',
];

export const REDACTED = '[redacted]';

/** The part of redaction the capture needs: a key test and a string scrubber. */
export interface Redactor {
  readonly enabled: boolean;
  /** Whether values under this property or variable name are withheld. */
  isSecretKey(key: string): boolean;
  /** The string with embedded secrets masked; the same string when there is none. */
  scrub(text: string): string;
}

export interface RedactorOptions {
  /** Extra patterns (regular expression sources) for secret key names. */
  patterns?: string[];
  /** The environment whose secret-looking values are masked wherever they appear. */
  env?: NodeJS.ProcessEnv;
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const words = SECRET_KEY_WORDS.map((word) => word.replace(/_/g, '[^a-z0-9]?'));
  const keyPattern = new RegExp(`(${[...words, ...(options.patterns ?? [])].join('|')})`, 'i');
  const secrets = secretEnvValues(options.env ?? {}, keyPattern);
  const keyCache = new Map<string, boolean>();
  return {
    enabled: true,
    isSecretKey(key) {
      let secret = keyCache.get(key);
      if (secret === undefined) {
        // Normalise camelCase and separators so `apiKey`, `API-KEY` and `api_key` all match.
        const normal = key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
        secret = keyPattern.test(normal) || keyPattern.test(normal.replace(/[^a-z0-9]/g, ''));
        if (keyCache.size < 10_000) keyCache.set(key, secret);
      }
      return secret;
    },
    scrub(text) {
      let out = text.includes('://') ? text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`) : text;
      for (const secret of secrets) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      }
      return out;
    },
  };
}

/** A redactor that withholds nothing, for `WIPEOUT_REDACT=0`. */
export const noRedaction: Redactor = { enabled: false, isSecretKey: () => false, scrub: (text) => text };

/**
 * Environment values worth masking: those of variables with secret-looking names, and long,
 * random-looking values (an unnamed API key in `STRIPE_LIVE` still looks like a key).
 */
function secretEnvValues(env: NodeJS.ProcessEnv, keyPattern: RegExp): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    // Short values (`AUTH_MODE=basic`) would mask ordinary words all over the dump.
    if (!value || value.length < 8) continue;
    const normal = name.toLowerCase();
    if (keyPattern.test(normal) || keyPattern.test(normal.replace(/[^a-z0-9]/g, '')) || looksRandom(value)) {
      values.add(value);
    }
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export function looksRandom(value: string): boolean {
  if (value.length < 20 || /\s/.test(value) || value.includes('/') && !/[+=]/.test(value)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((kind) => kind.test(value)).length;
  if (kinds < 2) return false;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy >= 3.5;
}
