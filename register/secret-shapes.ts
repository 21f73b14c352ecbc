/**
 * Secrets recognised by their shape, whatever name holds them: PEM private keys and JWTs. Public
 * certificates (`BEGIN CERTIFICATE`) and public keys stay: they are not secrets.
 */

/** A private key block; a block whose END was cut off runs to the end of the text. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;
/** Header and payload are base64url JSON objects (`{"` encodes as `eyJ`); the signature may be empty (`alg: none`). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export type SecretShape = 'PEM private key' | 'JWT';

/** The shape of a string that is, apart from surrounding whitespace, one secret; or undefined. */
export function wholeSecretShape(text: string): SecretShape | undefined {
  if (text.length > 100_000 || (!text.includes('-----BEGIN') && !text.includes('eyJ'))) return undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN') && trimmed.replace(PEM_PRIVATE_KEY, '').trim() === '') return 'PEM private key';
  if (trimmed.startsWith('eyJ') && trimmed.replace(JWT, '') === '') return 'JWT';
  return undefined;
}

/** The text with every PEM private key block and JWT inside it replaced by `mask`. */
export function maskSecretShapes(text: string, mask: string): string {
  let out = text;
  if (out.includes('PRIVATE KEY')) out = out.replace(PEM_PRIVATE_KEY, mask);
  if (out.includes('eyJ')) out = out.replace(JWT, mask);
  return out;
}
