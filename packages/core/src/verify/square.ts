/**
 * Square: `x-square-hmacsha256-signature` = base64 HMAC-SHA256(signature key, notification URL + body).
 * The legacy `x-square-signature` (HMAC-SHA1 of the same string) is accepted only when asked.
 * @see https://developer.squareup.com/docs/webhooks/step3validate
 */
import { ConfigurationError } from "../errors.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import { compilePublicUrl, type PublicUrl } from "./public-url.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/** Header carrying Square's HMAC-SHA256 signature. */
export const SQUARE_SIGNATURE_HEADER = "x-square-hmacsha256-signature";
/** Deprecated header carrying the HMAC-SHA1 signature. */
export const SQUARE_LEGACY_SIGNATURE_HEADER = "x-square-signature";

/**
 * Options of {@link createSquareVerifier}.
 * @category Verification
 */
export interface SquareVerifierOptions {
  /** The subscription's signature key; several while replacing it (any may match). */
  readonly secret: SecretInput;
  /**
   * The notification URL exactly as configured on the subscription (scheme, trailing slash and query
   * all count), when the server sees another one.
   * @default the request URL
   */
  readonly publicUrl?: PublicUrl;
  /** Also accept the deprecated HMAC-SHA1 `x-square-signature` when the SHA-256 header is absent. @default false */
  readonly allowLegacySha1?: boolean;
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies Square's signature over the notification URL followed by the raw body. Square signs
 * no timestamp: deduplicate on the body's `event_id`.
 * @example
 * const verifier = createSquareVerifier({ secret: process.env.SQUARE_SIGNATURE_KEY!, publicUrl: () => "https://example.com/webhooks/square" });
 * @category Verification
 */
export function createSquareVerifier(options: SquareVerifierOptions): SignatureVerifier {
  const resolveUrl = compilePublicUrl(options.publicUrl);
  const current = createHmacVerifier({
    ...squareScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
  const legacy =
    options.allowLegacySha1 === true
      ? createHmacVerifier({ ...legacyScheme(options.secret), diagnose: false })
      : undefined;
  return {
    scheme: "square",
    verify(request) {
      const atPublicUrl = { ...request, url: resolveUrl(request) };
      const useLegacy = legacy !== undefined && !request.headers.has(SQUARE_SIGNATURE_HEADER);
      return (useLegacy ? legacy : current).verify(atPublicUrl);
    },
  };
}

/**
 * Options of {@link createSquareSigner}.
 * @category Verification
 */
export interface SquareSignerOptions {
  /** Signature key to sign with (the first is used when several are given). */
  readonly secret: SecretInput;
  /** Sign with the deprecated HMAC-SHA1 header instead. @default false */
  readonly allowLegacySha1?: boolean;
}

/**
 * Signs the way Square does; `url` (the notification URL) is required.
 * @example
 * const headers = await createSquareSigner({ secret }).sign({ body, url: "https://example.com/webhooks/square", now: Date.now() });
 * @category Verification
 */
export function createSquareSigner(options: SquareSignerOptions): Signer {
  const base = createHmacSigner(
    options.allowLegacySha1 === true ? legacyScheme(options.secret) : squareScheme(options.secret),
  );
  return {
    scheme: "square",
    sign(request) {
      if (request.url === undefined)
        return Promise.reject(
          new ConfigurationError("Square signs the notification URL: pass `url` to `sign`."),
        );
      return base.sign(request);
    },
  };
}

function squareScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "square",
    header: SQUARE_SIGNATURE_HEADER,
    encoding: "base64",
    signedContent: "{url}{body}",
  };
}

function legacyScheme(secret: SecretInput): HmacSchemeOptions {
  return { ...squareScheme(secret), header: SQUARE_LEGACY_SIGNATURE_HEADER, algorithm: "SHA-1" };
}
