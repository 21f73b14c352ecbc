/**
 * `toString(encoding)` of the Buffer stand-in in the sandbox (utf8, hex, base64, latin1, ascii),
 * decoding as Node's Buffer would. Runs INSIDE the vm context: its source is compiled there, so it
 * must not refer to anything outside its own body.
 */
export function bufferToString(this: Uint8Array, encoding = 'utf8'): string {
  const b = this;
  let out = '';
  if (encoding === 'hex') {
    for (let i = 0; i < b.length; i++) out += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
    return out;
  }
  if (encoding === 'latin1' || encoding === 'binary' || encoding === 'ascii') {
    for (let i = 0; i < b.length; i++) out += String.fromCharCode(encoding === 'ascii' ? b[i]! & 0x7f : b[i]!);
    return out;
  }
  if (encoding === 'base64') {
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
      out += digits[(n >> 18) & 63]! + digits[(n >> 12) & 63]! + (i + 1 < b.length ? digits[(n >> 6) & 63]! : '=') + (i + 2 < b.length ? digits[n & 63]! : '=');
    }
    return out;
  }
  // UTF-8, with U+FFFD for each byte of a malformed sequence, as Node does.
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    let cp = need === 0 ? c : need === 1 ? c & 0x1f : need === 2 ? c & 0x0f : c & 0x07;
    let ok = need >= 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const next = b[i + k]!;
      if ((next & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (next & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      out += '\ufffd';
      i += 1;
    } else {
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
  }
  return out;
}
