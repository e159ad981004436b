/**
 * Mux: `Mux-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]`, hex HMAC-SHA256 of `${t}.${body}` keyed
 * with the webhook's signing secret as UTF-8 (Stripe's layout).
 * @see https://www.mux.com/docs/core/listen-for-webhooks#verify-webhook-signatures
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Header carrying Mux's timestamp and signatures.
 * @category Verification
 */
export const MUX_SIGNATURE_HEADER = "mux-signature";

/**
 * Five minutes, as `@mux/mux-node` uses. The SDK only rejects old timestamps; hookwise also
 * rejects ones more than five minutes ahead (only clock skew can cause them).
 * @category Verification
 */
export const DEFAULT_MUX_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Options of {@link createMuxVerifier}.
 * @category Verification
 */
export interface MuxVerifierOptions {
  /** The webhook's signing secret (Dashboard → Settings → Webhooks); several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `t` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createMuxSigner}.
 * @category Verification
 */
export interface MuxSignerOptions {
  /** Secret(s) to sign with; one `v1=` entry each. */
  readonly secret: SecretInput;
}

/**
 * Verifies `Mux-Signature`: any `v1` entry may match, under any configured secret. A `t` that is
 * not plain digits is `TIMESTAMP_INVALID` (the SDK `parseInt`s it and signs the parsed number).
 * @example
 * const verifier = createMuxVerifier({ secret: process.env.MUX_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createMuxVerifier(options: MuxVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...muxScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_MUX_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces a `mux-signature` header, for tests and simulators.
 * @example
 * const headers = await createMuxSigner({ secret: "mux-secret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createMuxSigner(options: MuxSignerOptions): Signer {
  return createHmacSigner(muxScheme(options.secret));
}

function muxScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "mux",
    header: MUX_SIGNATURE_HEADER,
    format: keyValueSignatureFormat({ itemSeparator: ",", timestampKey: "t", signatureKey: "v1" }),
    signedContent: "{timestamp}.{body}",
    encoding: "hex",
  };
}
