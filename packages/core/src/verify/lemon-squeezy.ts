/**
 * Lemon Squeezy: `X-Signature: <hex HMAC-SHA256(signing secret, raw body)>`, no timestamp.
 * @see https://docs.lemonsqueezy.com/help/webhooks/signing-requests
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Lemon Squeezy's signature header.
 * @category Verification
 */
export const LEMON_SQUEEZY_SIGNATURE_HEADER = "x-signature";

/**
 * Options of {@link createLemonSqueezyVerifier}.
 * @category Verification
 */
export interface LemonSqueezyVerifierOptions {
  /** The signing secret entered when the webhook was created; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createLemonSqueezySigner}.
 * @category Verification
 */
export interface LemonSqueezySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Signature` over the raw body.
 * @example
 * const verifier = createLemonSqueezyVerifier({ secret: process.env.LEMON_SQUEEZY_SIGNING_SECRET! });
 * @category Verification
 */
export function createLemonSqueezyVerifier(
  options: LemonSqueezyVerifierOptions,
): SignatureVerifier {
  return createHmacVerifier({
    ...lemonSqueezyScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `x-signature` the way Lemon Squeezy does, for tests and simulators.
 * @example
 * const headers = await createLemonSqueezySigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createLemonSqueezySigner(options: LemonSqueezySignerOptions): Signer {
  return createHmacSigner(lemonSqueezyScheme(options.secret));
}

function lemonSqueezyScheme(secret: SecretInput) {
  return {
    secret,
    header: LEMON_SQUEEZY_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "lemon-squeezy",
  } as const;
}
