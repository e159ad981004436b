/**
 * WorkOS: `WorkOS-Signature: t=<unix ms>, v1=<hex>`, hex HMAC-SHA256 of `${t}.${body}`.
 * @see https://workos.com/docs/events/data-syncing/webhooks
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying the WorkOS signature. */
export const WORKOS_SIGNATURE_HEADER = "workos-signature";
/**
 * @workos-inc/node rejects a signature older than 180 000 ms and accepts any future one; hookwise
 * also bounds the future by the same window.
 */
export const DEFAULT_WORKOS_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 180,
  futureSeconds: 180,
});

/**
 * Options of {@link createWorkOSVerifier}.
 * @category Verification
 */
export interface WorkOSVerifierOptions {
  /** The webhook endpoint's secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** How far `t` may be from now. @default 180 s each way ({@link DEFAULT_WORKOS_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies `WorkOS-Signature` on the raw body bytes (the Node SDK hashes `JSON.stringify` of the
 * parsed payload instead, which agrees for the compact JSON WorkOS sends).
 * @example
 * const verifier = createWorkOSVerifier({ secret: process.env.WORKOS_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createWorkOSVerifier(options: WorkOSVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...workosScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_WORKOS_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Options of {@link createWorkOSSigner}.
 * @category Verification
 */
export interface WorkOSSignerOptions {
  /** Secret to sign with (the first is used when several are given). */
  readonly secret: SecretInput;
}

/**
 * Signs the way WorkOS does (`t` in milliseconds).
 * @example
 * const headers = await createWorkOSSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createWorkOSSigner(options: WorkOSSignerOptions): Signer {
  const [first = ""] = typeof options.secret === "string" ? [options.secret] : options.secret;
  return createHmacSigner(workosScheme(first));
}

function workosScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "workos",
    header: WORKOS_SIGNATURE_HEADER,
    format: keyValueSignatureFormat({
      itemSeparator: ",",
      timestampKey: "t",
      signatureKey: "v1",
      trim: true,
      joiner: ", ",
    }),
    signedContent: "{timestamp}.{body}",
    timestampUnit: "milliseconds",
  };
}
