/**
 * Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>` (a GitHub-like label,
 * but base64). No timestamp: dedupe on the payload's `event_id`.
 * @see https://www.typeform.com/developers/webhooks/secure-your-webhooks/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Typeform's signature header.
 * @category Verification
 */
export const TYPEFORM_SIGNATURE_HEADER = "typeform-signature";

/**
 * Options of {@link createTypeformVerifier}.
 * @category Verification
 */
export interface TypeformVerifierOptions {
  /** The webhook's secret; several while changing it. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createTypeformSigner}.
 * @category Verification
 */
export interface TypeformSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `Typeform-Signature`.
 * @example
 * const verifier = createTypeformVerifier({ secret: process.env.TYPEFORM_SECRET! });
 * @category Verification
 */
export function createTypeformVerifier(options: TypeformVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...scheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `typeform-signature`, for tests and simulators.
 * @example
 * const headers = await createTypeformSigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createTypeformSigner(options: TypeformSignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: TYPEFORM_SIGNATURE_HEADER,
    prefix: "sha256=",
    encoding: "base64",
    scheme: "typeform",
  } as const;
}
