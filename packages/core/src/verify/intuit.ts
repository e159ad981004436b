/**
 * Intuit QuickBooks: `intuit-signature: <base64 HMAC-SHA256(verifier token, raw body)>`, no timestamp.
 * @see https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks/managing-webhooks-notifications#validating-the-notification
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Intuit QuickBooks's signature header.
 * @category Verification
 */
export const INTUIT_SIGNATURE_HEADER = "intuit-signature";

/**
 * Options of {@link createIntuitVerifier}.
 * @category Verification
 */
export interface IntuitVerifierOptions {
  /** The webhook Verifier Token (not the OAuth client secret); several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createIntuitSigner}.
 * @category Verification
 */
export interface IntuitSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `intuit-signature` over the raw body.
 * @example
 * const verifier = createIntuitVerifier({ secret: process.env.INTUIT_VERIFIER_TOKEN! });
 * @category Verification
 */
export function createIntuitVerifier(options: IntuitVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...intuitScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `intuit-signature` the way Intuit QuickBooks does, for tests and simulators.
 * @example
 * const headers = await createIntuitSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createIntuitSigner(options: IntuitSignerOptions): Signer {
  return createHmacSigner(intuitScheme(options.secret));
}

function intuitScheme(secret: SecretInput) {
  return {
    secret,
    header: INTUIT_SIGNATURE_HEADER,
    encoding: "base64",
    algorithm: "SHA-256",
    scheme: "intuit",
  } as const;
}
