/**
 * LINE Messaging API: `x-line-signature: <base64 HMAC-SHA256(channelSecret, rawBody)>`. No
 * timestamp is signed: dedupe on each event's `webhookEventId`.
 * @see https://developers.line.biz/en/reference/messaging-api/#signature-validation
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * LINE's signature header.
 * @category Verification
 */
export const LINE_SIGNATURE_HEADER = "x-line-signature";

/**
 * Options of {@link createLineVerifier}.
 * @category Verification
 */
export interface LineVerifierOptions {
  /** The channel secret (LINE Developers Console, Basic settings); several while reissuing it. */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createLineSigner}.
 * @category Verification
 */
export interface LineSignerOptions {
  /** The channel secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `x-line-signature`. The value must be canonical, padded base64 of a 32-byte digest:
 * `@line/bot-sdk` decodes it with `Buffer.from(…, "base64")`, which skips stray characters and
 * accepts base64url and missing padding; hookwise answers those `SIGNATURE_MALFORMED`.
 * @example
 * const verifier = createLineVerifier({ secret: process.env.LINE_CHANNEL_SECRET! });
 * @category Verification
 */
export function createLineVerifier(options: LineVerifierOptions): SignatureVerifier {
  return createHmacVerifier({ ...scheme(options.secret), diagnose: options.diagnose ?? true });
}

/**
 * Produces `x-line-signature`, for tests and simulators.
 * @example
 * const headers = await createLineSigner({ secret: "channel-secret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createLineSigner(options: LineSignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: LINE_SIGNATURE_HEADER,
    encoding: "base64",
    algorithm: "SHA-256",
    scheme: "line",
  } as const;
}
