/**
 * Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`, HMAC-SHA256 of
 * `${t}.${body}` keyed with the endpoint secret string as is, `whsec_` prefix included.
 * @see https://docs.stripe.com/webhooks#verify-manually
 */
import { ConfigurationError } from "../errors.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import { toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Header carrying Stripe's timestamp and signatures.
 * @category Verification
 */
export const STRIPE_SIGNATURE_HEADER = "stripe-signature";

/**
 * Five minutes, as Stripe documents. stripe-node only rejects old timestamps; hookwise also rejects
 * ones more than five minutes ahead (Stripe signs every attempt afresh, so only clock skew can cause them).
 * @category Verification
 */
export const DEFAULT_STRIPE_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Options of {@link createStripeVerifier}.
 * @category Verification
 */
export interface StripeVerifierOptions {
  /** The endpoint's signing secret, `whsec_…`, exactly as shown by Stripe; several while rolling it. */
  readonly secret: SecretInput;
  /** Accepted distance of `t` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createStripeSigner}.
 * @category Verification
 */
export interface StripeSignerOptions {
  /** Secret(s) to sign with; one `v1=` entry each. */
  readonly secret: SecretInput;
}

/**
 * Verifies `Stripe-Signature`: any `v1` entry may match, under any configured secret. `v0` entries
 * are ignored (a header with only `v0` fails), as Stripe requires.
 * @example
 * const verifier = createStripeVerifier({ secret: process.env.STRIPE_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createStripeVerifier(options: StripeVerifierOptions): SignatureVerifier {
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_STRIPE_TOLERANCE);
  return createHmacVerifier({
    ...stripeScheme(options.secret),
    tolerance,
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces a `Stripe-Signature` header, for tests and simulators.
 * @example
 * const headers = await createStripeSigner({ secret: "whsec_test" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createStripeSigner(options: StripeSignerOptions): Signer {
  return createHmacSigner(stripeScheme(options.secret));
}

function stripeScheme(secret: SecretInput): HmacSchemeOptions {
  for (const value of toSecretList(secret, "secret")) {
    if (/^(?:sk|rk|pk)_/.test(value)) {
      throw new ConfigurationError(
        "`secret` looks like a Stripe API key; use the webhook endpoint's signing secret (`whsec_…`).",
      );
    }
  }
  return {
    secret,
    header: STRIPE_SIGNATURE_HEADER,
    signedContent: "{timestamp}.{body}",
    format: keyValueSignatureFormat({ itemSeparator: ",", timestampKey: "t", signatureKey: "v1" }),
    encoding: "hex",
    secretEncoding: "utf8",
    scheme: "stripe",
  };
}
