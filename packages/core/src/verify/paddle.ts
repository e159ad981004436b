/**
 * Paddle Billing: `Paddle-Signature: ts=<unix s>;h1=<hex>[;h1=<hex>…]`, hex HMAC-SHA256 of
 * `${ts}:${body}` keyed with the notification destination's secret (`pdl_ntfset_…`) as UTF-8.
 * @see https://developer.paddle.com/webhooks/about/signature-verification
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { keyValueSignatureFormat } from "./signature-header-format.ts";
import { resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying Paddle's signature. */
export const PADDLE_SIGNATURE_HEADER = "paddle-signature";
/**
 * Paddle's documented window: its SDKs reject a signature more than 5 seconds old and the docs ask
 * manual implementations to do the same. The SDK accepts any future timestamp; hookwise does not.
 */
export const DEFAULT_PADDLE_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 5,
  futureSeconds: 5,
});

/**
 * Options of {@link createPaddleVerifier}.
 * @category Verification
 */
export interface PaddleVerifierOptions {
  /** The notification destination's secret key; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** How far `ts` may be from now. @default 5 s each way ({@link DEFAULT_PADDLE_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies `Paddle-Signature`. Every `h1` in the header is tried, as the docs' "at least one h1"
 * allows during a secret rotation; paddle-node-sdk only checks the last one.
 * @example
 * const verifier = createPaddleVerifier({ secret: process.env.PADDLE_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createPaddleVerifier(options: PaddleVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...paddleScheme(options.secret),
    tolerance: resolveTolerance(options.tolerance, DEFAULT_PADDLE_TOLERANCE),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Options of {@link createPaddleSigner}.
 * @category Verification
 */
export interface PaddleSignerOptions {
  /** Secret key(s) to sign with; each adds an `h1` entry, as Paddle does while rotating. */
  readonly secret: SecretInput;
}

/**
 * Signs the way Paddle does.
 * @example
 * const headers = await createPaddleSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createPaddleSigner(options: PaddleSignerOptions): Signer {
  return createHmacSigner(paddleScheme(options.secret));
}

function paddleScheme(secret: SecretInput): HmacSchemeOptions {
  return {
    secret,
    scheme: "paddle",
    header: PADDLE_SIGNATURE_HEADER,
    format: keyValueSignatureFormat({ itemSeparator: ";", timestampKey: "ts", signatureKey: "h1" }),
    signedContent: "{timestamp}:{body}",
  };
}
