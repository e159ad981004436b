/**
 * Zendesk webhooks: `X-Zendesk-Webhook-Signature: <base64 HMAC-SHA256(signing secret, timestamp +
 * raw body)>` with the timestamp as RFC 3339 text in `X-Zendesk-Webhook-Signature-Timestamp`.
 * @see https://developer.zendesk.com/documentation/webhooks/verifying/
 */
import { createHeaderTextHmac } from "./header-text-hmac.ts";
import { formatRfc3339, parseRfc3339 } from "./rfc3339.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import {
  assertWithinToleranceMs,
  DEFAULT_TOLERANCE,
  resolveTolerance,
  type TimestampTolerance,
} from "./timestamp.ts";

/**
 * Zendesk's signature header.
 * @category Verification
 */
export const ZENDESK_SIGNATURE_HEADER = "x-zendesk-webhook-signature";
/**
 * Header carrying the signed RFC 3339 timestamp.
 * @category Verification
 */
export const ZENDESK_TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp";
/**
 * Zendesk documents replay protection but no window; hookwise defaults to five minutes each way.
 * @category Verification
 */
export const DEFAULT_ZENDESK_TOLERANCE: TimestampTolerance = DEFAULT_TOLERANCE;

/**
 * Options of {@link createZendeskVerifier}.
 * @category Verification
 */
export interface ZendeskVerifierOptions {
  /** The webhook's signing secret (Admin Center → Webhooks → Reveal secret), used as UTF-8 text; several while resetting it. */
  readonly secret: SecretInput;
  /** How far the signed timestamp may be from now. @default 300 s each way ({@link DEFAULT_ZENDESK_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createZendeskSigner}.
 * @category Verification
 */
export interface ZendeskSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies Zendesk's signature over timestamp + body, then the timestamp's window.
 * @example
 * const verifier = createZendeskVerifier({ secret: process.env.ZENDESK_WEBHOOK_SECRET! });
 * @category Verification
 */
export function createZendeskVerifier(options: ZendeskVerifierOptions): SignatureVerifier {
  const hmac = createHeaderTextHmac(zendeskScheme(options.secret));
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_ZENDESK_TOLERANCE);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "zendesk",
    async verify(request) {
      const text = request.headers.get(ZENDESK_TIMESTAMP_HEADER);
      const timestamp = request.headers.has(ZENDESK_SIGNATURE_HEADER)
        ? parseRfc3339(text, ZENDESK_TIMESTAMP_HEADER)
        : 0;
      const secretIndex = await hmac.verify(request.headers, text ?? "", request.body, diagnose);
      assertWithinToleranceMs(timestamp, request.now, tolerance);
      return { secretIndex, timestamp };
    },
  };
}

/**
 * Signs the way Zendesk does, with `now` as the timestamp (whole seconds, `Z`).
 * @example
 * const headers = await createZendeskSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createZendeskSigner(options: ZendeskSignerOptions): Signer {
  const hmac = createHeaderTextHmac(zendeskScheme(options.secret));
  return {
    scheme: "zendesk",
    async sign(request) {
      const timestamp = formatRfc3339(request.now, false);
      return {
        [ZENDESK_SIGNATURE_HEADER]: await hmac.sign(timestamp, request.body),
        [ZENDESK_TIMESTAMP_HEADER]: timestamp,
      };
    },
  };
}

function zendeskScheme(secret: SecretInput) {
  return { secret, header: ZENDESK_SIGNATURE_HEADER, prefix: "", encoding: "base64" } as const;
}
