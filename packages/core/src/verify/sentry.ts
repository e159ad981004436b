/**
 * Sentry: `Sentry-Hook-Signature: <hex HMAC-SHA256(client secret, body)>`. Sentry's sample verifies
 * over `JSON.stringify(request.body)`; hookwise verifies the raw bytes Sentry sent. `Sentry-Hook-Timestamp`
 * is not signed, so it is not trusted for replay protection.
 * @see https://docs.sentry.io/organization/integrations/integration-platform/webhooks/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Sentry's signature header.
 * @category Verification
 */
export const SENTRY_SIGNATURE_HEADER = "sentry-hook-signature";

/**
 * Options of {@link createSentryVerifier}.
 * @category Verification
 */
export interface SentryVerifierOptions {
  /** The integration's Client Secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createSentrySigner}.
 * @category Verification
 */
export interface SentrySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `Sentry-Hook-Signature` over the raw body.
 * @example
 * const verifier = createSentryVerifier({ secret: process.env.SENTRY_CLIENT_SECRET! });
 * @category Verification
 */
export function createSentryVerifier(options: SentryVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...sentryScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `sentry-hook-signature` the way Sentry does, for tests and simulators.
 * @example
 * const headers = await createSentrySigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createSentrySigner(options: SentrySignerOptions): Signer {
  return createHmacSigner(sentryScheme(options.secret));
}

function sentryScheme(secret: SecretInput) {
  return {
    secret,
    header: SENTRY_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "sentry",
  } as const;
}
