/**
 * Meta webhooks (WhatsApp Business Platform, Instagram, Messenger, the Graph API):
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. Meta signs the escaped
 * unicode form it sends (`\u00e9`, lower-case hex), so the raw bytes verify as they are; a body
 * re-serialised by a parser does not. No timestamp: dedupe on the payload.
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Meta's SHA-256 signature header.
 * @category Verification
 */
export const META_SIGNATURE_HEADER = "x-hub-signature-256";

/**
 * Options of {@link createMetaVerifier}.
 * @category Verification
 */
export interface MetaVerifierOptions {
  /** The app secret (App Dashboard → Settings → Basic); several while resetting it. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createMetaSigner}.
 * @category Verification
 */
export interface MetaSignerOptions {
  /** The app secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Hub-Signature-256` on the raw body. The legacy SHA-1 `X-Hub-Signature` Meta still
 * sends alongside is ignored.
 * @example
 * const verifier = createMetaVerifier({ secret: process.env.META_APP_SECRET! });
 * @category Verification
 */
export function createMetaVerifier(options: MetaVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...metaScheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `x-hub-signature-256`, for tests and simulators.
 * @example
 * const headers = await createMetaSigner({ secret: "app-secret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createMetaSigner(options: MetaSignerOptions): Signer {
  return createHmacSigner(metaScheme(options.secret));
}

function metaScheme(secret: SecretInput) {
  return {
    secret,
    header: META_SIGNATURE_HEADER,
    prefix: "sha256=",
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "meta",
  } as const;
}
