/**
 * ECDSA signatures travel in two shapes: ASN.1 DER (`SEQUENCE { INTEGER r, INTEGER s }`, what
 * SendGrid sends and OpenSSL produces) and IEEE P1363 (`r || s`, fixed width, the only form web
 * crypto's `ECDSA` accepts and returns). These two functions convert between them, strictly.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * DER `ECDSA-Sig-Value` → P1363 `r || s`, each left-padded to `componentBytes` (32 for P-256).
 * Returns `undefined` for anything that is not strict DER (wrong tags, lengths that disagree,
 * trailing bytes, negative or non-minimal integers, a zero or oversized component), so a malformed
 * signature is reported as malformed rather than silently reinterpreted.
 * @internal
 */
export function derToP1363(der: Uint8Array, componentBytes: number): Uint8Array | undefined {
  if (der[0] !== SEQUENCE) return undefined;
  const body = readLength(der, 1);
  if (body === undefined || body.start + body.length !== der.length) return undefined;
  const r = readInteger(der, body.start);
  if (r === undefined) return undefined;
  const s = readInteger(der, r.end);
  if (s === undefined || s.end !== der.length) return undefined;
  const out = new Uint8Array(componentBytes * 2);
  if (
    !place(out, r.value, 0, componentBytes) ||
    !place(out, s.value, componentBytes, componentBytes)
  )
    return undefined;
  return out;
}

/**
 * P1363 `r || s` (even length) → DER `ECDSA-Sig-Value`, minimal integers.
 * @internal
 */
export function p1363ToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  const content = r.length + s.length;
  const header = content < 0x80 ? [SEQUENCE, content] : [SEQUENCE, 0x81, content];
  const out = new Uint8Array(header.length + content);
  out.set(header, 0);
  out.set(r, header.length);
  out.set(s, header.length + r.length);
  return out;
}

interface Span {
  readonly start: number;
  readonly length: number;
}

/** A DER definite length at `offset` (short form, or long form with one or two bytes, minimal). */
function readLength(bytes: Uint8Array, offset: number): Span | undefined {
  const first = bytes[offset];
  if (first === undefined) return undefined;
  if (first < 0x80) return { start: offset + 1, length: first };
  const count = first & 0x7f;
  if (count < 1 || count > 2) return undefined;
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return undefined;
    length = length * 256 + byte;
  }
  // Long form is only allowed for lengths that need it, and without leading zero bytes.
  if (length < 0x80 || (count === 2 && length < 0x100)) return undefined;
  return { start: offset + 1 + count, length };
}

/** A positive, minimally encoded DER INTEGER at `offset`; its magnitude without the sign byte. */
function readInteger(
  bytes: Uint8Array,
  offset: number,
): { value: Uint8Array; end: number } | undefined {
  if (bytes[offset] !== INTEGER) return undefined;
  const span = readLength(bytes, offset + 1);
  if (span === undefined || span.length === 0) return undefined;
  const end = span.start + span.length;
  if (end > bytes.length) return undefined;
  const value = bytes.subarray(span.start, end);
  const lead = value[0] ?? 0;
  if (lead & 0x80) return undefined; // negative
  const next = value[1];
  // A lone zero (r or s may not be 0) or a leading zero the next byte does not need.
  if (lead === 0 && (next === undefined || (next & 0x80) === 0)) return undefined;
  return { value: lead === 0 ? value.subarray(1) : value, end };
}

/** Copy `value` right-aligned into `out[offset, offset + width)`; false when it does not fit. */
function place(out: Uint8Array, value: Uint8Array, offset: number, width: number): boolean {
  if (value.length > width) return false;
  out.set(value, offset + width - value.length);
  return true;
}

/** Minimal DER INTEGER of an unsigned big-endian magnitude. */
function derInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const pad = (trimmed[0] ?? 0) & 0x80 ? 1 : 0;
  const out = new Uint8Array(2 + pad + trimmed.length);
  out[0] = INTEGER;
  out[1] = pad + trimmed.length;
  out.set(trimmed, 2 + pad);
  return out;
}
