/**
 * Zoom: `x-zm-signature: v0=<hex>` = HMAC-SHA256(secret token, `v0:${x-zm-request-timestamp}:${body}`),
 * and the `endpoint.url_validation` challenge answered with an HMAC of its `plainToken`.
 * @see https://developers.zoom.us/docs/api/webhooks/
 */
import { utf8 } from "../util/bytes.ts";
import { encodeHex } from "./encoding.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import { hmacDigest } from "./hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { DEFAULT_TOLERANCE, resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying Zoom's signature. */
export const ZOOM_SIGNATURE_HEADER = "x-zm-signature";
/** Header carrying the signed unix timestamp, seconds. */
export const ZOOM_TIMESTAMP_HEADER = "x-zm-request-timestamp";
/** Zoom documents no window and its SDK checks none; hookwise defaults to five minutes each way. */
export const DEFAULT_ZOOM_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createZoomVerifier}.
 * @category Verification
 */
export interface ZoomVerifierOptions {
  /** The app's Secret Token; several while replacing it (any may match). */
  readonly secret: SecretInput;
  /** How far the signed timestamp may be from now. @default five minutes each way ({@link DEFAULT_ZOOM_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies `x-zm-signature` over the raw body (Zoom's Rivet SDK re-serialises the parsed JSON
 * first; Zoom sends compact JSON, so the two agree). The URL validation handshake is answered by
 * the Zoom source preset, after this verifier accepted the request.
 * @example
 * const verifier = createZoomVerifier({ secret: process.env.ZOOM_SECRET_TOKEN! });
 * @category Verification
 */
export function createZoomVerifier(options: ZoomVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...zoomScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_ZOOM_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Options of {@link createZoomSigner}.
 * @category Verification
 */
export interface ZoomSignerOptions {
  /** Secret Token to sign with (the first is used when several are given). */
  readonly secret: SecretInput;
}

/**
 * Signs the way Zoom does.
 * @example
 * const headers = await createZoomSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createZoomSigner(options: ZoomSignerOptions): Signer {
  return createHmacSigner(zoomScheme(options.secret));
}

/**
 * The `encryptedToken` of Zoom's URL validation answer: hex HMAC-SHA256(secret token, plainToken).
 * @example
 * const body = { plainToken, encryptedToken: await zoomEncryptedToken(secret, plainToken) };
 * @category Verification
 */
export async function zoomEncryptedToken(secret: string, plainToken: string): Promise<string> {
  return encodeHex(await hmacDigest("SHA-256", utf8(secret), utf8(plainToken)));
}

function zoomScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "zoom",
    header: ZOOM_SIGNATURE_HEADER,
    prefix: "v0=",
    signedContent: "v0:{timestamp}:{body}",
    timestampHeader: ZOOM_TIMESTAMP_HEADER,
  };
}
