/**
 * Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature: sha256=<hex>` =
 * HMAC-SHA256(subscription secret, message id + message timestamp + raw body), the timestamp being
 * RFC 3339 text with nanoseconds. Twitch asks receivers to reject messages older than 10 minutes.
 * @see https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { createHeaderTextHmac } from "./header-text-hmac.ts";
import { formatRfc3339, parseRfc3339 } from "./rfc3339.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { assertWithinToleranceMs, resolveTolerance, type TimestampTolerance } from "./timestamp.ts";

/** Header carrying Twitch's signature. */
export const TWITCH_SIGNATURE_HEADER = "twitch-eventsub-message-signature";
/** Header carrying the message id (signed; the same across Twitch's retries). */
export const TWITCH_MESSAGE_ID_HEADER = "twitch-eventsub-message-id";
/** Header carrying the signed RFC 3339 timestamp. */
export const TWITCH_TIMESTAMP_HEADER = "twitch-eventsub-message-timestamp";
/** Header naming the message type: `notification`, `webhook_callback_verification` or `revocation`. */
export const TWITCH_MESSAGE_TYPE_HEADER = "twitch-eventsub-message-type";
/** Ten minutes each way: Twitch's documented limit for the past; the future mirrors it. */
export const DEFAULT_TWITCH_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 600,
  futureSeconds: 600,
});

/**
 * Options of {@link createTwitchVerifier}.
 * @category Verification
 */
export interface TwitchVerifierOptions {
  /** The subscription's `transport.secret` (10-100 ASCII characters); several while changing it. */
  readonly secret: SecretInput;
  /** How far the signed timestamp may be from now. @default 600 s each way ({@link DEFAULT_TWITCH_TOLERANCE}) */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createTwitchSigner}.
 * @category Verification
 */
export interface TwitchSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies an EventSub webhook message. The signature is checked before the timestamp's window,
 * and both before anything reads the body; the message type header is not signed and is only
 * trusted by the source preset after this succeeded.
 * @example
 * const verifier = createTwitchVerifier({ secret: process.env.TWITCH_EVENTSUB_SECRET! });
 * @category Verification
 */
export function createTwitchVerifier(options: TwitchVerifierOptions): SignatureVerifier {
  const hmac = createHeaderTextHmac(twitchScheme(options.secret));
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_TWITCH_TOLERANCE);
  const diagnose = options.diagnose ?? true;
  return {
    scheme: "twitch",
    async verify(request) {
      const id = request.headers.get(TWITCH_MESSAGE_ID_HEADER);
      if (request.headers.has(TWITCH_SIGNATURE_HEADER) && (id === null || id === "")) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MALFORMED,
          "The `twitch-eventsub-message-id` header is missing; it is part of what is signed.",
        );
      }
      const text = request.headers.get(TWITCH_TIMESTAMP_HEADER);
      const timestamp = request.headers.has(TWITCH_SIGNATURE_HEADER)
        ? parseRfc3339(text, TWITCH_TIMESTAMP_HEADER)
        : 0;
      const secretIndex = await hmac.verify(
        request.headers,
        `${id ?? ""}${text ?? ""}`,
        request.body,
        diagnose,
      );
      assertWithinToleranceMs(timestamp, request.now, tolerance);
      return { secretIndex, timestamp };
    },
  };
}

/**
 * Signs the way Twitch does. The message id is `request.id` (a random UUID when absent); the
 * timestamp is `now` as RFC 3339 with milliseconds. Adds the `notification` message type header
 * unless told otherwise through `twitchMessageType`.
 * @example
 * const headers = await createTwitchSigner({ secret }).sign({ body, id: "msg-1", now: Date.now() });
 * @category Verification
 */
export function createTwitchSigner(options: TwitchSignerOptions): Signer {
  const hmac = createHeaderTextHmac(twitchScheme(options.secret));
  return {
    scheme: "twitch",
    async sign(request) {
      const id = request.id ?? crypto.randomUUID();
      const timestamp = formatRfc3339(request.now, true);
      return {
        [TWITCH_MESSAGE_ID_HEADER]: id,
        [TWITCH_TIMESTAMP_HEADER]: timestamp,
        [TWITCH_SIGNATURE_HEADER]: await hmac.sign(id + timestamp, request.body),
        [TWITCH_MESSAGE_TYPE_HEADER]: "notification",
      };
    },
  };
}

function twitchScheme(secret: SecretInput) {
  return { secret, header: TWITCH_SIGNATURE_HEADER, prefix: "sha256=", encoding: "hex" } as const;
}
