import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Limits } from '../dump/types.js';
import { parseStorageOptions } from '../storage/parse-storage-options.js';
import { isTestChild, testRunFolder } from './test-run.js';

/** Limits chosen so that a typical crash is captured whole, while a huge heap stays bounded. */
export const DEFAULT_LIMITS: Limits = {
  depth: 8,
  properties: 500,
  items: 1_000,
  stringLength: 16_384,
  totalBytes: 32 * 1024 * 1024,
  captureTime: 2_000,
  frames: 50,
};

/** Options of `install()`. Every one of them has an environment variable; see README. */
export interface InstallOptions {
  /**
   * Where dumps go: a path or URL, or a template with `{time}` `{pid}` `{host}` `{id}` `{name}` `{test}`
   * (`WIPEOUT_FILE`). Default: `wipeout-{time}-{pid}.wipeout` in the current directory, or in the
   * OS temp directory when the current directory is not writable.
   */
  file?: string | (() => string);
  /** Options for the storage driver of a URL (`WIPEOUT_STORAGE_OPTIONS`, JSON). */
  storageOptions?: Record<string, unknown>;
  /** Capture limits (`WIPEOUT_LIMITS`, JSON); unset ones keep their defaults. */
  limits?: Partial<Limits>;
  /**
   * `false` turns redaction off; an array adds patterns (regular expression sources) for secret
   * key names (`WIPEOUT_REDACT`: `0`, or comma-separated patterns).
   */
  redact?: boolean | string[];
  /** At most this many dumps per minute per process (`WIPEOUT_MAX_PER_MINUTE`, default 10). */
  maxPerMinute?: number;
  /** Milliseconds a crash may wait for an upload to a URL (`WIPEOUT_UPLOAD_TIMEOUT`, default 30000). */
  uploadTimeout?: number;
  /** Keep the local copy after a successful upload (`WIPEOUT_KEEP_LOCAL=1`). */
  keepLocal?: boolean;
  /**
   * age public keys (`age1…`) to encrypt every dump for before it touches disk or network
   * (`WIPEOUT_RECIPIENTS`, comma-separated). Read them with `--identity` / `WIPEOUT_IDENTITY`.
   */
  recipients?: string[];
  /**
   * Keep the scopes of frames of tools that only load the program (tsx, ts-node, esbuild-register,
   * swc/babel register hooks; `WIPEOUT_LOADER_SCOPES=1`). Off by default: their frames are kept
   * without scopes, since their locals are the loader's own state, not the program's.
   */
  loaderToolScopes?: boolean;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  file: () => string | undefined;
  storageOptions: Record<string, unknown>;
  limits: Limits;
  redact: boolean;
  redactPatterns: string[];
  maxPerMinute: number;
  /** Failing tests saved per test run (`WIPEOUT_TEST_MAX_DUMPS`, default 10). */
  maxTestDumps: number;
  uploadTimeout: number;
  keepLocal: boolean;
  recipients: string[];
  loaderToolScopes: boolean;
}

/** A configuration mistake, reported on stderr once instead of a capture. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

/**
 * `testRun`: the folder of the test run this process is part of (a test file's child of `node
 * --test`, or a runner's integration), where dumps go unless the user says where.
 */
export function resolveOptions(options: InstallOptions = {}, env: NodeJS.ProcessEnv = process.env, testRun = isTestChild(env) ? testRunFolder(env) : undefined): ResolvedOptions {
  // A test run saves into its folder, one dump named after each test.
  const template = options.file ?? env.WIPEOUT_FILE ?? (testRun !== undefined ? join(testRun, '{test}-{pid}.wipeout') : undefined);
  if (typeof template === 'string') checkPlaceholders(template, options.file !== undefined ? 'the `file` option' : '`WIPEOUT_FILE`');
  const redactEnv = env.WIPEOUT_REDACT?.trim();
  return {
    file: typeof template === 'function' ? template : () => template || undefined,
    storageOptions: options.storageOptions ?? storageOptionsFrom(env.WIPEOUT_STORAGE_OPTIONS),
    limits: { ...DEFAULT_LIMITS, ...checkLimits(parseJson(env.WIPEOUT_LIMITS, 'WIPEOUT_LIMITS')), ...checkLimits(options.limits) },
    redact: options.redact !== undefined ? options.redact !== false : redactEnv !== '0',
    redactPatterns: Array.isArray(options.redact)
      ? options.redact
      : redactEnv && redactEnv !== '0' && redactEnv !== '1'
        ? checkPatterns(redactEnv.split(',').map((pattern) => pattern.trim()).filter(Boolean))
        : [],
    maxPerMinute: positiveSetting(options.maxPerMinute, 'maxPerMinute', env.WIPEOUT_MAX_PER_MINUTE, 'WIPEOUT_MAX_PER_MINUTE') ?? 10,
    maxTestDumps: positiveSetting(undefined, 'maxTestDumps', env.WIPEOUT_TEST_MAX_DUMPS, 'WIPEOUT_TEST_MAX_DUMPS') ?? 10,
    uploadTimeout: positiveSetting(options.uploadTimeout, 'uploadTimeout', env.WIPEOUT_UPLOAD_TIMEOUT, 'WIPEOUT_UPLOAD_TIMEOUT') ?? 30_000,
    keepLocal: options.keepLocal ?? env.WIPEOUT_KEEP_LOCAL === '1',
    recipients: checkRecipients(options.recipients, env.WIPEOUT_RECIPIENTS),
    loaderToolScopes: options.loaderToolScopes ?? env.WIPEOUT_LOADER_SCOPES === '1',
  };
}

const PLACEHOLDERS = new Set(['time', 'pid', 'host', 'id', 'name', 'test']);

/** A placeholder the template does not know is a typo, said at start, not a literal `{bogus}` in a file name. */
function checkPlaceholders(template: string, what: string): void {
  for (const [, key] of template.matchAll(/\{(\w+)\}/g)) {
    if (!PLACEHOLDERS.has(key!)) throw new OptionsError(`Unknown placeholder {${key}} in ${what}: expected {time}, {pid}, {host}, {id}, {name} or {test}`);
  }
}

/** Recipients are checked at install, so that a typo is reported at start and not at the crash. */
function checkRecipients(option: string[] | undefined, text: string | undefined): string[] {
  if (option === undefined && !text) return [];
  // Loaded only when encryption is configured: the preload stays light otherwise.
  const { parseRecipients } = createRequire(import.meta.url)('../dump/age-encrypt-sync.js') as typeof import('../dump/age-encrypt-sync.js');
  let recipients: string[];
  try {
    recipients = option !== undefined ? parseRecipients(option, 'recipients') : parseRecipients(text);
  } catch (error) {
    throw new OptionsError((error as Error).message);
  }
  // `WIPEOUT_RECIPIENTS=,` asks for encryption as surely as a key does: never fall back to plaintext.
  if (option === undefined && recipients.length === 0) throw new OptionsError('Expected `WIPEOUT_RECIPIENTS` to hold age public keys (age1…), got none');
  return recipients;
}

/** The program's own redaction patterns, each checked alone so that a mistake names itself. */
function checkPatterns(patterns: string[]): string[] {
  for (const pattern of patterns) {
    try {
      new RegExp(pattern, 'i');
    } catch (error) {
      throw new OptionsError(`Expected \`WIPEOUT_REDACT\` to hold regular expressions, got \`${pattern}\`: ${(error as Error).message.replace(/^.*: /, '')}`);
    }
  }
  return patterns;
}

/** Storage options may hold passwords and keys: storage's parser describes a mistake, never quotes it. */
function storageOptionsFrom(text: string | undefined): Record<string, unknown> {
  try {
    return parseStorageOptions(text);
  } catch (error) {
    throw new OptionsError((error as Error).message);
  }
}

function parseJson(text: string | undefined, name: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OptionsError(`Expected \`${name}\` to be a JSON object, got \`${text.slice(0, 40)}\``);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OptionsError(`Expected \`${name}\` to be a JSON object, got \`${text.slice(0, 40)}\``);
  }
  return parsed as Record<string, unknown>;
}

function checkLimits(limits: Record<string, unknown> | undefined): Partial<Limits> {
  if (!limits) return {};
  for (const [key, value] of Object.entries(limits)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) {
      throw new OptionsError(`Unknown limit \`${key}\`; expected one of ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    positive(value, `the limit \`${key}\``);
  }
  return limits as Partial<Limits>;
}

/** A positive whole number from an `install()` option, else from the environment; undefined when neither is set. */
function positiveSetting(option: unknown, optionName: string, text: string | undefined, envName: string): number | undefined {
  if (option !== undefined) return positive(option, `the \`${optionName}\` option`);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new OptionsError(`Expected \`${envName}\` to be a positive integer, got \`${text.slice(0, 40)}\``);
  return value;
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new OptionsError(`Expected ${name} to be a positive integer, got \`${String(value)}\``);
  }
  return value;
}
