/**
 * Razorpay: `X-Razorpay-Signature: <hex HMAC-SHA256(webhookSecret, rawBody)>`. No timestamp is
 * signed: dedupe on `x-razorpay-event-id`.
 * @see https://razorpay.com/docs/webhooks/validate-test/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Razorpay's signature header.
 * @category Verification
 */
export const RAZORPAY_SIGNATURE_HEADER = "x-razorpay-signature";
/**
 * Razorpay's event id header (the same on every retry of one event).
 * @category Verification
 */
export const RAZORPAY_EVENT_ID_HEADER = "x-razorpay-event-id";

/**
 * Options of {@link createRazorpayVerifier}.
 * @category Verification
 */
export interface RazorpayVerifierOptions {
  /** The webhook secret set in the Razorpay Dashboard (not the API key secret); several while changing it. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createRazorpaySigner}.
 * @category Verification
 */
export interface RazorpaySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Razorpay-Signature` over the raw body bytes (razorpay-node decodes a Buffer body
 * to a string first, which changes bytes that are not valid UTF-8; hookwise does not).
 * @example
 * const verifier = createRazorpayVerifier({ secret: process.env.RAZORPAY_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createRazorpayVerifier(options: RazorpayVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...scheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `x-razorpay-signature`, for tests and simulators.
 * @example
 * const headers = await createRazorpaySigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createRazorpaySigner(options: RazorpaySignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: RAZORPAY_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "razorpay",
  } as const;
}
