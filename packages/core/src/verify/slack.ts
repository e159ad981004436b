/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + body)>` with
 * `X-Slack-Request-Timestamp` in unix seconds. The body is the raw bytes: JSON for the Events API,
 * form-encoded for slash commands and interactivity.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";
import { resolveTolerance } from "./timestamp.ts";
import type { TimestampTolerance } from "./timestamp.ts";

/**
 * Slack's signature header.
 * @category Verification
 */
export const SLACK_SIGNATURE_HEADER = "x-slack-signature";
/**
 * Slack's timestamp header (unix seconds).
 * @category Verification
 */
export const SLACK_TIMESTAMP_HEADER = "x-slack-request-timestamp";

/**
 * Slack's docs reject a timestamp "more than five minutes from local time", so both directions;
 * `@slack/bolt` only rejects old ones (the Python SDK checks both, like hookwise).
 * @category Verification
 */
export const DEFAULT_SLACK_TOLERANCE: TimestampTolerance = Object.freeze({
  pastSeconds: 300,
  futureSeconds: 300,
});

/**
 * Options of {@link createSlackVerifier}.
 * @category Verification
 */
export interface SlackVerifierOptions {
  /** The app's signing secret (not the deprecated verification token); several while regenerating it. */
  readonly secret: SecretInput;
  /** Accepted distance of the request timestamp from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance> | number;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createSlackSigner}.
 * @category Verification
 */
export interface SlackSignerOptions {
  /** The signing secret (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies Slack's `v0` signature and its timestamp; other versions are rejected.
 * @example
 * const verifier = createSlackVerifier({ secret: process.env.SLACK_SIGNING_SECRET! });
 * @category Verification
 */
export function createSlackVerifier(options: SlackVerifierOptions): SignatureVerifier {
  const tolerance = resolveTolerance(options.tolerance, DEFAULT_SLACK_TOLERANCE);
  return createHmacVerifier({
    ...scheme(options.secret),
    tolerance,
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `x-slack-signature` and `x-slack-request-timestamp`, for tests and simulators.
 * @example
 * const headers = await createSlackSigner({ secret: "s3cret" }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createSlackSigner(options: SlackSignerOptions): Signer {
  return createHmacSigner(scheme(options.secret));
}

function scheme(secret: SecretInput) {
  return {
    secret,
    header: SLACK_SIGNATURE_HEADER,
    prefix: "v0=",
    encoding: "hex",
    signedContent: "v0:{timestamp}:{body}",
    timestampHeader: SLACK_TIMESTAMP_HEADER,
    scheme: "slack",
  } as const;
}
