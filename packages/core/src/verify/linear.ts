/**
 * Linear: `Linear-Signature` = hex HMAC-SHA256(secret, body); replay protection from the signed
 * body's `webhookTimestamp` (unix milliseconds), ±60 s.
 * @see https://linear.app/developers/webhooks#securing-webhooks
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { fromUtf8 } from "../util/bytes.ts";
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { HmacSchemeOptions } from "./hmac-scheme.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { assertWithinToleranceMs, resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying Linear's signature. */
export const LINEAR_SIGNATURE_HEADER = "linear-signature";
/** Unsigned timestamp header Linear also sends; ignored for verification, as the SDK does. */
export const LINEAR_TIMESTAMP_HEADER = "linear-timestamp";
/** The SDK's window: `webhookTimestamp` within 60 s of now, either way. */
export const DEFAULT_LINEAR_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 60,
  futureSeconds: 60,
});

/**
 * Options of {@link createLinearVerifier}.
 * @category Verification
 */
export interface LinearVerifierOptions {
  /** The webhook's signing secret; several while rotating (any may match). */
  readonly secret: SecretInput;
  /** How far the body's `webhookTimestamp` may be from now. @default 60 s each way ({@link DEFAULT_LINEAR_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Explain a signature mismatch when the cause can be told safely (bounded; see docs/concepts/verification.md). @default true */
  readonly diagnose?: boolean;
}

/**
 * Verifies `Linear-Signature` on the raw body, then the signed `webhookTimestamp` in it (a missing
 * or non-numeric one is rejected, as the SDK does). The `Linear-Timestamp` header is not trusted.
 * @example
 * const verifier = createLinearVerifier({ secret: process.env.LINEAR_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createLinearVerifier(options: LinearVerifierOptions): SignatureVerifier {
  const base = createHmacVerifier({
    ...linearScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_LINEAR_TOLERANCE);
  return {
    scheme: "linear",
    async verify(request) {
      const signed = await base.verify(request);
      const timestamp = readWebhookTimestamp(request.body);
      assertWithinToleranceMs(timestamp, request.now, tolerance);
      return { secretIndex: signed?.secretIndex, timestamp };
    },
  };
}

/**
 * Options of {@link createLinearSigner}.
 * @category Verification
 */
export interface LinearSignerOptions {
  /** Secret to sign with (the first is used when several are given). */
  readonly secret: SecretInput;
}

/**
 * Signs the way Linear does. The body must carry its own `webhookTimestamp` (milliseconds): that
 * is what the verifier checks. The unsigned `linear-timestamp` header is added too.
 * @example
 * const body = utf8(JSON.stringify({ action: "create", type: "Issue", data, webhookTimestamp: Date.now() }));
 * const headers = await createLinearSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createLinearSigner(options: LinearSignerOptions): Signer {
  const base = createHmacSigner(linearScheme(options.secret));
  return {
    scheme: "linear",
    async sign(request) {
      return {
        ...(await base.sign(request)),
        [LINEAR_TIMESTAMP_HEADER]: String(Math.floor(request.now)),
      };
    },
  };
}

function linearScheme(secret: SecretInput): HmacSchemeOptions {
  return { secret, scheme: "linear", header: LINEAR_SIGNATURE_HEADER };
}

function readWebhookTimestamp(body: Uint8Array): number {
  let value: unknown;
  try {
    value = (JSON.parse(fromUtf8(body)) as { webhookTimestamp?: unknown } | null)?.webhookTimestamp;
  } catch {
    value = undefined;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      "The signed body has no numeric `webhookTimestamp` (milliseconds), which Linear includes for replay protection.",
    );
  }
  return value;
}
