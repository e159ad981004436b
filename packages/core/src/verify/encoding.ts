/**
 * Hex, base64 and base64url to and from bytes, without `Buffer` (core runs on edge runtimes too).
 * Decoders are strict: anything but the canonical encoding of some byte string (wrong alphabet,
 * bad padding, non-zero trailing bits, odd hex length) gives `undefined`, so a signature has exactly
 * one accepted spelling per byte string (hex case aside).
 */

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HEX_DIGITS = "0123456789abcdef";

const BASE64_VALUES = reverseTable(BASE64_ALPHABET);
const BASE64URL_VALUES = reverseTable(BASE64URL_ALPHABET);
const HEX_VALUES = reverseTable(HEX_DIGITS + "ABCDEF", (index) => (index < 16 ? index : index - 6));
const HEX_PAIRS: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => HEX_DIGITS.charAt(byte >> 4) + HEX_DIGITS.charAt(byte & 15),
);

/**
 * Standard base64 (RFC 4648 §4) with `=` padding.
 * @category Utilities
 */
export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, BASE64_ALPHABET, true);
}

/**
 * Decodes standard, padded base64. Returns `undefined` unless `text` is canonical base64.
 * @category Utilities
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  return decode(text, BASE64_VALUES);
}

/**
 * URL-safe base64 (RFC 4648 §5) without padding.
 * @category Utilities
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encode(bytes, BASE64URL_ALPHABET, false);
}

/**
 * Decodes URL-safe base64, padded or not. Returns `undefined` unless `text` is canonical.
 * @category Utilities
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  if (text.endsWith("=") && text.length % 4 !== 0) return undefined;
  return decode(text, BASE64URL_VALUES);
}

/**
 * Lower-case hex.
 * @category Utilities
 */
export function encodeHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX_PAIRS[byte] ?? "";
  return out;
}

/**
 * Decodes hex of even length, either case. Returns `undefined` on any other character.
 * @category Utilities
 */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = HEX_VALUES[text.charCodeAt(2 * i)] ?? -1;
    const low = HEX_VALUES[text.charCodeAt(2 * i + 1)] ?? -1;
    if (high < 0 || low < 0) return undefined;
    out[i] = (high << 4) | low;
  }
  return out;
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out +=
      alphabet.charAt(n >> 18) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      alphabet.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += alphabet.charAt(n >> 18) + alphabet.charAt((n >> 12) & 63) + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out +=
      alphabet.charAt(n >> 18) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      (pad ? "=" : "");
  }
  return out;
}

/**
 * Decodes base64 text whose length is already checked, four characters at a time; rejects any
 * character outside `values` and non-canonical trailing bits.
 */
function decode(text: string, values: Int8Array): Uint8Array | undefined {
  let end = text.length;
  if (text.charCodeAt(end - 1) === 61) end--;
  if (text.charCodeAt(end - 1) === 61) end--;
  const rest = end % 4;
  if (rest === 1) return undefined;
  const full = end - rest;
  const out = new Uint8Array((full / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  // `codes` catches characters beyond ASCII (the table is read modulo 128); `sextets` goes negative
  // as soon as one character is not in the alphabet. Checked once at the end: no branch per byte.
  let codes = 0;
  let sextets = 0;
  let j = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    const v0 = values[c0 & 127] ?? -1;
    const v1 = values[c1 & 127] ?? -1;
    const v2 = values[c2 & 127] ?? -1;
    const v3 = values[c3 & 127] ?? -1;
    codes |= c0 | c1 | c2 | c3;
    sextets |= v0 | v1 | v2 | v3;
    const n = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    out[j++] = (n >> 16) & 255;
    out[j++] = (n >> 8) & 255;
    out[j++] = n & 255;
  }
  if (rest > 0 && !decodeTail(text, full, rest, values, out, j)) return undefined;
  return codes > 127 || sextets < 0 ? undefined : out;
}

/** The last 2 or 3 characters (1 or 2 bytes); false when invalid or not canonical. */
function decodeTail(
  text: string,
  start: number,
  rest: number,
  values: Int8Array,
  out: Uint8Array,
  j: number,
): boolean {
  const codes =
    text.charCodeAt(start) |
    text.charCodeAt(start + 1) |
    (rest === 3 ? text.charCodeAt(start + 2) : 0);
  const a = values[text.charCodeAt(start) & 127] ?? -1;
  const b = values[text.charCodeAt(start + 1) & 127] ?? -1;
  const c = rest === 3 ? (values[text.charCodeAt(start + 2) & 127] ?? -1) : 0;
  if (codes > 127 || (a | b | c) < 0) return false;
  // Bits below the last whole byte must be zero, or two texts would decode to the same bytes.
  if ((rest === 2 ? b & 15 : c & 3) !== 0) return false;
  out[j] = ((a << 2) | (b >> 4)) & 255;
  if (rest === 3) out[j + 1] = (((b & 15) << 4) | (c >> 2)) & 255;
  return true;
}

function reverseTable(
  alphabet: string,
  valueOf: (index: number) => number = (index) => index,
): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = valueOf(i);
  return table;
}
