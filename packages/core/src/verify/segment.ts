/**
 * Segment: Webhooks destination, `X-Signature: <hex HMAC-SHA1(shared secret, raw body)>`, no timestamp.
 * @see https://segment.com/docs/connections/destinations/catalog/webhooks/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Segment's signature header.
 * @category Verification
 */
export const SEGMENT_SIGNATURE_HEADER = "x-signature";

/**
 * Options of {@link createSegmentVerifier}.
 * @category Verification
 */
export interface SegmentVerifierOptions {
  /** The destination's Shared Secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createSegmentSigner}.
 * @category Verification
 */
export interface SegmentSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Signature` over the raw body. SHA-1 is what Segment signs with.
 * @example
 * const verifier = createSegmentVerifier({ secret: process.env.SEGMENT_SHARED_SECRET! });
 * @category Verification
 */
export function createSegmentVerifier(options: SegmentVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...segmentScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `x-signature` the way Segment does, for tests and simulators.
 * @example
 * const headers = await createSegmentSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createSegmentSigner(options: SegmentSignerOptions): Signer {
  return createHmacSigner(segmentScheme(options.secret));
}

function segmentScheme(secret: SecretInput) {
  return {
    secret,
    header: SEGMENT_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-1",
    scheme: "segment",
  } as const;
}
