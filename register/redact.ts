/**
 * Decides what looks secret. The rules, all on by default (docs/SECURITY.md lists them):
 * - strings under a secret-looking name (password, token, session, `key`, …) are withheld, with
 *   the name's matching part as the reason; inside an object under such a name, its strings are;
 * - strings shaped like a PEM private key or a JWT are withheld whatever their name;
 * - credentials inside URLs (`https://user:pass@host`, `redis://:pass@host`, `?access_token=…`)
 *   and the values of secret argv flags (`--token=…`) are masked inside any string;
 * - any occurrence of the value of a secret environment variable is masked, wherever it appears.
 * Numbers, booleans, `null`, `undefined` and '' are never withheld: they are what a bug turns on.
 */
import type { RedactionReason } from '../dump/types.js';
import { nameRules } from './secret-names.js';
import { maskSecretShapes, wholeSecretShape } from './secret-shapes.js';

export const REDACTED = '[redacted]';

/** The part of redaction the capture needs: name tests and a string scrubber. */
export interface Redactor {
  readonly enabled: boolean;
  /** Whether values under this property or variable name are withheld. */
  isSecretKey(key: string): boolean;
  /** Why values under this name are withheld, or undefined when the name is ordinary (`inList`: see NameRules). */
  nameReason(key: string, inList?: boolean): RedactionReason | undefined;
  /** Why this whole string is withheld for its shape (a PEM private key, a JWT), or undefined. */
  shapeReason(text: string): RedactionReason | undefined;
  /** Whether an environment variable of this name holds a secret. */
  isSecretEnvName(name: string): boolean;
  /** The string with embedded secrets masked; the same string when there is none. */
  scrub(text: string): string;
}

export interface RedactorOptions {
  /** Extra patterns (regular expression sources) for secret key names. */
  patterns?: string[];
  /** The environment whose secret-looking values are masked wherever they appear. */
  env?: NodeJS.ProcessEnv;
}

/**
 * `scheme://user:password@host`: the user may be empty (`redis://:pw@host`) and the password may
 * hold `@` (the last `@` before the path ends it, as URL parsers read it).
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^/\s?#]+)@/gi;
/** `--token=…` or `-p=…` inside a string (argv items, a logged command line). */
const FLAG_VALUE = /(^|[\s"'])(--?[A-Za-z][\w.-]*)=([^\s"']+)/g;
/** `?access_token=…&…` in a URL's query. */
const QUERY_VALUE = /([?&])([\w.-]+)=([^&#\s"']+)/g;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const rules = nameRules(options.patterns ?? []);
  const secrets = secretEnvValues(options.env ?? {}, (name) => rules.matchEnv(name) !== undefined);
  const nameReason = (key: string, inList?: boolean): RedactionReason | undefined => {
    const match = rules.match(key, inList);
    return match === undefined ? undefined : { rule: 'name', match };
  };
  return {
    enabled: true,
    isSecretKey: (key) => rules.match(key) !== undefined,
    nameReason,
    shapeReason(text) {
      const shape = text.length >= 20 ? wholeSecretShape(text) : undefined;
      return shape === undefined ? undefined : { rule: 'shape', match: shape };
    },
    isSecretEnvName: (name) => rules.matchEnv(name) !== undefined,
    scrub(text) {
      let out = text.includes('://') ? text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`) : text;
      if (out.includes('=') && out.includes('-')) {
        out = out.replace(FLAG_VALUE, (all, before: string, flag: string) =>
          rules.match(flag.replace(/^-+/, '')) === undefined ? all : `${before}${flag}=${REDACTED}`);
      }
      if (out.includes('=') && (out.includes('?') || out.includes('&'))) {
        out = out.replace(QUERY_VALUE, (all, before: string, name: string) =>
          rules.match(name) === undefined ? all : `${before}${name}=${REDACTED}`);
      }
      out = maskSecretShapes(out, REDACTED);
      for (const secret of secrets) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      }
      return out;
    },
  };
}

/** A redactor that withholds nothing, for `WIPEOUT_REDACT=0`. */
export const noRedaction: Redactor = {
  enabled: false,
  isSecretKey: () => false,
  nameReason: () => undefined,
  shapeReason: () => undefined,
  isSecretEnvName: () => false,
  scrub: (text) => text,
};

/**
 * An argv list with secrets masked: `--token=…` by scrub(), and the value after a secret flag
 * given on its own (`--password hunter2`).
 */
export function redactArgv(args: readonly string[], redactor: Redactor): string[] {
  return args.map((arg, index) => {
    const before = index > 0 ? args[index - 1]! : '';
    const flag = /^--?([A-Za-z][\w.-]*)$/.exec(before);
    if (flag && !arg.startsWith('-') && redactor.nameReason(before, true)) return REDACTED;
    return redactor.scrub(arg);
  });
}

/**
 * Environment values worth masking: those of variables with secret-looking names, and long,
 * random-looking values (an unnamed API key in `STRIPE_LIVE` still looks like a key).
 */
function secretEnvValues(env: NodeJS.ProcessEnv, isSecretName: (name: string) => boolean): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    // Short values (`AUTH_MODE=basic`) would mask ordinary words all over the dump.
    if (!value || value.length < 8) continue;
    if (isSecretName(name) || looksRandom(value)) values.add(value);
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
