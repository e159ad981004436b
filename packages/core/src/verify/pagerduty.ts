/**
 * PagerDuty: webhooks v3, `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`, HMAC-SHA256(subscription
 * secret, raw body). Several `v1=` entries appear while PagerDuty rotates a secret: any may match.
 * @see https://developer.pagerduty.com/docs/webhooks/webhook-signatures/
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import type { SignatureHeaderFormat } from "./signature-header-format.ts";

/**
 * PagerDuty's signature header.
 * @category Verification
 */
export const PAGERDUTY_SIGNATURE_HEADER = "x-pagerduty-signature";

/**
 * Options of {@link createPagerDutyVerifier}.
 * @category Verification
 */
export interface PagerDutyVerifierOptions {
  /** The webhook subscription's signing secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createPagerDutySigner}.
 * @category Verification
 */
export interface PagerDutySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-PagerDuty-Signature` over the raw body. Entries with another version are ignored.
 * @example
 * const verifier = createPagerDutyVerifier({ secret: process.env.PAGERDUTY_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createPagerDutyVerifier(options: PagerDutyVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...pagerdutyScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `x-pagerduty-signature` the way PagerDuty does, for tests and simulators.
 * @example
 * const headers = await createPagerDutySigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createPagerDutySigner(options: PagerDutySignerOptions): Signer {
  return createHmacSigner(pagerdutyScheme(options.secret));
}

/** `v1=<hex>` entries separated by `,` (spaces around them tolerated); other versions ignored. */
const PAGERDUTY_FORMAT: SignatureHeaderFormat = {
  parse: (value) => ({
    signatures: value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.startsWith("v1="))
      .map((entry) => entry.slice(3)),
  }),
  format: (signatures) => signatures.map((signature) => `v1=${signature}`).join(","),
};

function pagerdutyScheme(secret: SecretInput) {
  return {
    secret,
    header: PAGERDUTY_SIGNATURE_HEADER,
    format: PAGERDUTY_FORMAT,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "pagerduty",
  } as const;
}
