/**
 * Calendly: `Calendly-Webhook-Signature: t=<unix s>,v1=<hex>`, HMAC-SHA256(webhook signing key,
 * `${t}.${raw body}`), the Stripe layout. Calendly's sample rejects a `t` older than three minutes.
 * @see https://developer.calendly.com/api-docs/ZG9jOjM2MzE2MDM4-webhook-signatures
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/**
 * Calendly's signature header.
 * @category Verification
 */
export const CALENDLY_SIGNATURE_HEADER = "calendly-webhook-signature";
/**
 * Three minutes, as Calendly's sample checks; the future mirrors it.
 * @category Verification
 */
export const DEFAULT_CALENDLY_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 180,
  futureSeconds: 180,
});

/**
 * Options of {@link createCalendlyVerifier}.
 * @category Verification
 */
export interface CalendlyVerifierOptions {
  /** The subscription's `signing_key`; several while replacing the subscription. */
  readonly secret: SecretInput;
  /** Accepted distance of `t` from now, seconds. @default 180 s each way ({@link DEFAULT_CALENDLY_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createCalendlySigner}.
 * @category Verification
 */
export interface CalendlySignerOptions {
  /** The signing key to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `Calendly-Webhook-Signature`: the `v1` HMAC and the signed `t` against the window.
 * @example
 * const verifier = createCalendlyVerifier({ secret: process.env.CALENDLY_WEBHOOK_SIGNING_KEY! });
 * @category Verification
 */
export function createCalendlyVerifier(options: CalendlyVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...calendlyScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_CALENDLY_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `calendly-webhook-signature`, for tests and simulators.
 * @example
 * const headers = await createCalendlySigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createCalendlySigner(options: CalendlySignerOptions): Signer {
  return createHmacSigner({ ...calendlyScheme(options.secret), format: SINGLE_V1 });
}

const FORMAT = keyValueSignatureFormat({
  itemSeparator: ",",
  timestampKey: "t",
  signatureKey: "v1",
});
// Calendly sends one `v1`: the signer writes only the first secret's.
const SINGLE_V1 = {
  parse: (value: string) => FORMAT.parse(value),
  format: (signatures: readonly string[], timestamp: string | undefined) =>
    FORMAT.format(signatures.slice(0, 1), timestamp),
};

function calendlyScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "calendly",
    header: CALENDLY_SIGNATURE_HEADER,
    signedContent: "{timestamp}.{body}",
    format: FORMAT,
  };
}
