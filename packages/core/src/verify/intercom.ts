/**
 * Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(secret, body)>` (SHA-1 is what Intercom signs
 * with). No timestamp: dedupe on the notification `id`.
 * @see https://developers.intercom.com/intercom-api-reference/v1.0/reference/signed-notifications
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Intercom's signature header.
 * @category Verification
 */
export const INTERCOM_SIGNATURE_HEADER = "x-hub-signature";

/**
 * Options of {@link createIntercomVerifier}.
 * @category Verification
 */
export interface IntercomVerifierOptions {
  /** The app's client secret (older subscriptions: the `hub_secret`); several while changing it. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createIntercomSigner}.
 * @category Verification
 */
export interface IntercomSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies Intercom's `sha1=` signature.
 * @example
 * const verifier = createIntercomVerifier({ secret: process.env.INTERCOM_CLIENT_SECRET! });
 * @category Verification
 */
export function createIntercomVerifier(options: IntercomVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...scheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `x-hub-signature`, for tests and simulators.
 * @example
 * const headers = await createIntercomSigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createIntercomSigner(options: IntercomSignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: INTERCOM_SIGNATURE_HEADER,
    prefix: "sha1=",
    encoding: "hex",
    algorithm: "SHA-1",
    scheme: "intercom",
  } as const;
}
