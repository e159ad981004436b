/**
 * Helpers for provider verifier tests: build requests, capture the rejection, and flip single bits
 * in bodies, header values and encoded signatures (for the fast-check properties).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { isHookwiseError, SignatureVerificationError } from "../../src/errors.ts";
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from "../../src/verify/encoding.ts";
import type { SignatureVerifier, VerifyRequest } from "../../src/verify/signature-scheme.ts";

/** A fixed "now" for tests: 2026-01-01T00:00:00Z. */
export const NOW_MS = Date.UTC(2026, 0, 1);

/** A POST request with the given headers and body. */
export function makeRequest(parts: {
  headers: Record<string, string>;
  body: Uint8Array | string;
  url?: string;
  method?: string;
  now?: number;
}): VerifyRequest {
  return {
    method: parts.method ?? "POST",
    url: parts.url ?? "https://hooks.example.com/webhooks",
    headers: new Headers(parts.headers),
    body: typeof parts.body === "string" ? new TextEncoder().encode(parts.body) : parts.body,
    now: parts.now ?? NOW_MS,
  };
}

/** The hookwise error a promise rejects with; fails the test if it resolves or throws something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SignatureVerificationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignatureVerificationError) return error;
    if (isHookwiseError(error)) throw new Error(`expected a signature error, got ${error.code}`);
    throw error;
  }
  throw new Error("expected the verifier to reject");
}

/** Asserts a 401 with `code` and that nothing secret-looking leaked into the message. */
export async function expectRejected(
  promise: Promise<unknown>,
  code: string,
  secrets: readonly string[] = [],
): Promise<SignatureVerificationError> {
  const error = await rejectionOf(promise);
  expect(error.status).toBe(401);
  expect(error.code).toBe(code);
  for (const secret of secrets)
    expect(`${error.message} ${error.diagnosis ?? ""}`).not.toContain(secret);
  return error;
}

/** A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const index = Math.floor(bit / 8);
  out[index] = (out[index] ?? 0) ^ (0x80 >> (bit % 8));
  return out;
}

/** `text` (ASCII/latin-1) with one bit flipped. */
export function flipBitInText(text: string, bit: number): string {
  const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
  return String.fromCharCode(...flipBit(bytes, bit % (bytes.length * 8)));
}

/** `request` with one header replaced; `undefined` when HTTP could not carry that value. */
export function withHeader(
  request: VerifyRequest,
  name: string,
  value: string,
): VerifyRequest | undefined {
  const headers = new Headers(request.headers);
  try {
    headers.set(name, value);
  } catch {
    return undefined;
  }
  // Headers trims surrounding whitespace; a flip that only adds whitespace still changes the value.
  return { ...request, headers };
}

/** Codecs of encoded signatures. */
export const codecs = {
  hex: { decode: decodeHex, encode: encodeHex },
  base64: { decode: decodeBase64, encode: encodeBase64 },
} as const;

/**
 * `headerValue` with one bit flipped in the DECODED bytes of the signature found by `pattern`
 * (its first capture group), re-encoded: a well-formed but wrong signature.
 */
export function flipSignatureBit(
  headerValue: string,
  pattern: RegExp,
  codec: keyof typeof codecs,
  bit: number,
): string {
  const match = pattern.exec(headerValue);
  const encoded = match?.[1];
  if (match === null || encoded === undefined) throw new Error("signature not found in header");
  const decoded = codecs[codec].decode(encoded);
  if (decoded === undefined) throw new Error("signature did not decode");
  const flipped = codecs[codec].encode(flipBit(decoded, bit % (decoded.length * 8)));
  const start = match.index + match[0].indexOf(encoded);
  return headerValue.slice(0, start) + flipped + headerValue.slice(start + encoded.length);
}

/** Resolves when `verifier` rejects `request` with a 401 hookwise error. */
export async function isRejected(
  verifier: SignatureVerifier,
  request: VerifyRequest,
): Promise<boolean> {
  try {
    await verifier.verify(request);
    return false;
  } catch (error) {
    return isHookwiseError(error) && error.status === 401;
  }
}

/** Arbitrary JSON-ish bodies (bytes). */
export const jsonBodies: fc.Arbitrary<Uint8Array> = fc
  .jsonValue()
  .map((value) => new TextEncoder().encode(JSON.stringify({ data: value })));

/** Property runs per property: enough to hit every byte position of small bodies, fast enough for CI; `HOOKWISE_PROPERTY_RUNS` raises it for a deeper local run. */
export const PROPERTY_RUNS: number = Number(process.env.HOOKWISE_PROPERTY_RUNS ?? 60);

/** How to sign a body and where the signature and timestamp sit, for {@link itRejectsEveryBitFlip}. */
export interface BitFlipCase {
  readonly verifier: SignatureVerifier;
  /** A valid, signed request for `body`. */
  sign(body: Uint8Array): Promise<VerifyRequest>;
  /** The header holding the signature, a pattern whose first group is the encoded signature, its codec. */
  readonly signature: {
    readonly header: string;
    readonly pattern: RegExp;
    readonly codec: keyof typeof codecs;
  };
  /** The header holding the signed timestamp and a pattern whose first group is its digits. */
  readonly timestamp?: { readonly header: string; readonly pattern: RegExp };
  /** Bodies to try. @default {@link jsonBodies} */
  readonly bodies?: fc.Arbitrary<Uint8Array>;
}

/** Three fast-check properties: one flipped bit in the body, the signature or the timestamp is a 401. */
export function itRejectsEveryBitFlip(scheme: BitFlipCase): void {
  const bodies = scheme.bodies ?? jsonBodies;
  const run = (property: (body: Uint8Array, bit: number) => Promise<void>): Promise<void> =>
    fc.assert(fc.asyncProperty(bodies, fc.nat(), property), { numRuns: PROPERTY_RUNS });

  it("rejects any single-bit change of the body", () =>
    run(async (body, bit) => {
      const request = await scheme.sign(body);
      const tampered = { ...request, body: flipBit(request.body, bit % (request.body.length * 8)) };
      expect(await isRejected(scheme.verifier, tampered)).toBe(true);
    }));

  it("rejects any single-bit change of the signature", () =>
    run(async (body, bit) => {
      const request = await scheme.sign(body);
      const { header, pattern, codec } = scheme.signature;
      const value = flipSignatureBit(request.headers.get(header) ?? "", pattern, codec, bit);
      const tampered = withHeader(request, header, value);
      expect(tampered !== undefined && (await isRejected(scheme.verifier, tampered))).toBe(true);
    }));

  const timestamp = scheme.timestamp;
  if (timestamp === undefined) return;
  it("rejects any single-bit change of the timestamp", () =>
    run(async (body, bit) => {
      const request = await scheme.sign(body);
      const value = request.headers.get(timestamp.header) ?? "";
      const match = timestamp.pattern.exec(value);
      const digits = match?.[1];
      if (match === null || digits === undefined) throw new Error("timestamp not found in header");
      const start = match.index + match[0].indexOf(digits);
      const flipped =
        value.slice(0, start) + flipBitInText(digits, bit) + value.slice(start + digits.length);
      const tampered = withHeader(request, timestamp.header, flipped);
      // A value HTTP cannot carry never reaches a verifier: that counts as rejected.
      if (tampered !== undefined) expect(await isRejected(scheme.verifier, tampered)).toBe(true);
    }));
}
