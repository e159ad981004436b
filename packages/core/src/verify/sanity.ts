/**
 * Sanity GROQ-powered webhooks: `sanity-webhook-signature: t=<unix ms>,v1=<base64url>`, unpadded
 * base64url HMAC-SHA256 of `${t}.${body}` keyed with the webhook's secret as UTF-8.
 * @see https://www.sanity.io/docs/webhooks#secrets
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import { toSecretList } from "./secrets.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Sanity's signature header.
 * @category Verification
 */
export const SANITY_SIGNATURE_HEADER = "sanity-webhook-signature";

/**
 * Five minutes either way. `@sanity/webhook` checks no age at all, so a captured request verifies
 * forever there; the timestamp is signed, so hookwise holds it to a window.
 * @category Verification
 */
export const DEFAULT_SANITY_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Options of {@link createSanityVerifier}.
 * @category Verification
 */
export interface SanityVerifierOptions {
  /** The webhook's secret (sanity.io/manage → API → Webhooks); several while changing it. */
  readonly secret: SecretInput;
  /** Accepted distance of `t` from now, seconds; `Infinity` restores the SDK's "any age". @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createSanitySigner}.
 * @category Verification
 */
export interface SanitySignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `sanity-webhook-signature` in constant time (the SDK compares the whole header text
 * with `!==`, so a header spelled any other way than `t=…,v1=…` fails there, and here).
 * @example
 * const verifier = createSanityVerifier({ secret: process.env.SANITY_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createSanityVerifier(options: SanityVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...sanityScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_SANITY_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `sanity-webhook-signature`, for tests and simulators.
 * @example
 * const headers = await createSanitySigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createSanitySigner(options: SanitySignerOptions): Signer {
  // One `v1` only: the SDK's header pattern accepts exactly one.
  const [first = ""] = toSecretList(options.secret, "secret");
  return createHmacSigner(sanityScheme(first));
}

function sanityScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "sanity",
    header: SANITY_SIGNATURE_HEADER,
    format: keyValueSignatureFormat({ itemSeparator: ",", timestampKey: "t", signatureKey: "v1" }),
    signedContent: "{timestamp}.{body}",
    timestampUnit: "milliseconds",
    encoding: "base64url",
  };
}
