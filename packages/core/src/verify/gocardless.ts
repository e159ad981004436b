/**
 * GoCardless: `Webhook-Signature: <hex HMAC-SHA256(endpointSecret, rawBody)>`. No timestamp is
 * signed: dedupe on the batch's events (each has an `id`) or `meta.webhook_id`.
 * @see https://developer.gocardless.com/getting-started/staying-up-to-date-with-webhooks
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * GoCardless's signature header.
 * @category Verification
 */
export const GOCARDLESS_SIGNATURE_HEADER = "webhook-signature";

/**
 * Options of {@link createGoCardlessVerifier}.
 * @category Verification
 */
export interface GoCardlessVerifierOptions {
  /** The webhook endpoint's secret (Dashboard → Developers → Webhook endpoints); several while rotating. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createGoCardlessSigner}.
 * @category Verification
 */
export interface GoCardlessSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `Webhook-Signature` over the raw body. The value must be hex of a 32-byte digest
 * (gocardless-nodejs decodes with `Buffer.from(…, "hex")`, which stops at the first non-hex
 * character; hookwise answers such values `SIGNATURE_MALFORMED`).
 * @example
 * const verifier = createGoCardlessVerifier({ secret: process.env.GOCARDLESS_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createGoCardlessVerifier(options: GoCardlessVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...scheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `webhook-signature`, for tests and simulators.
 * @example
 * const headers = await createGoCardlessSigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createGoCardlessSigner(options: GoCardlessSignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: GOCARDLESS_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "gocardless",
  } as const;
}
