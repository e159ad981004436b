/**
 * Xero: `x-xero-signature: <base64 HMAC-SHA256(webhook key, raw body)>`, no timestamp. The same check
 * answers Xero's "intent to receive" validation (401 to a bad signature, 200 to a good one).
 * @see https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Xero's signature header.
 * @category Verification
 */
export const XERO_SIGNATURE_HEADER = "x-xero-signature";

/**
 * Options of {@link createXeroVerifier}.
 * @category Verification
 */
export interface XeroVerifierOptions {
  /** The webhook key shown on the app's Webhooks page; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createXeroSigner}.
 * @category Verification
 */
export interface XeroSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Xero-Signature` over the raw body.
 * @example
 * const verifier = createXeroVerifier({ secret: process.env.XERO_WEBHOOK_KEY! });
 * @category Verification
 */
export function createXeroVerifier(options: XeroVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...xeroScheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `x-xero-signature` the way Xero does, for tests and simulators.
 * @example
 * const headers = await createXeroSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createXeroSigner(options: XeroSignerOptions): Signer {
  return createHmacSigner(xeroScheme(options.secret));
}

function xeroScheme(secret: SecretInput) {
  return {
    secret,
    header: XERO_SIGNATURE_HEADER,
    encoding: "base64",
    algorithm: "SHA-256",
    scheme: "xero",
  } as const;
}
