/**
 * Strava signs nothing: its webhook events API documents no signature for event POSTs, only a
 * verify token in the subscription's GET validation. hookwise therefore authenticates event POSTs
 * with a secret you put in the callback URL (`callback_url=https://…/webhooks/strava?token=<secret>`)
 * and compares it in constant time. It proves the sender knows the URL, not that the body is
 * intact; treat the URL as a secret (it appears in Strava's dashboard and in access logs).
 * @see https://developers.strava.com/docs/webhooks/
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier } from "./signature-scheme.ts";
import { createTokenMatcher } from "./verify-token.ts";
import { queryOf } from "../util/url-query.ts";

/**
 * Query parameter of the callback URL carrying the token, unless told otherwise.
 * @category Verification
 */
export const DEFAULT_STRAVA_TOKEN_PARAM = "token";

/**
 * Options of {@link createStravaVerifier}.
 * @category Verification
 */
export interface StravaVerifierOptions {
  /** The secret in the callback URL's query; several while changing it. */
  readonly callbackToken: SecretInput;
  /** Its query parameter. @default "token" */
  readonly param?: string;
}

/**
 * Checks the callback URL's token in constant time (401 when absent or wrong).
 * @example
 * const verifier = createStravaVerifier({ callbackToken: process.env.STRAVA_CALLBACK_TOKEN! });
 * @category Verification
 */
export function createStravaVerifier(options: StravaVerifierOptions): SignatureVerifier {
  const tokens = createTokenMatcher(options.callbackToken, "callbackToken");
  const param = options.param ?? DEFAULT_STRAVA_TOKEN_PARAM;
  return {
    scheme: "strava-url-token",
    async verify(request) {
      const token = queryOf(request.url).get(param);
      if (token === null || token === "") {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          `The callback URL carries no \`${param}\` parameter: register the callback URL with it.`,
        );
      }
      const secretIndex = await tokens.indexOf(token);
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          `The callback URL's \`${param}\` does not match.`,
        );
      }
      return { secretIndex };
    },
  };
}

/**
 * `callbackUrl` with the token added, the URL to register as the subscription's `callback_url`.
 * @example
 * stravaCallbackUrl("https://example.com/webhooks/strava", token); // …/strava?token=…
 * @category Verification
 */
export function stravaCallbackUrl(
  callbackUrl: string,
  token: string,
  param: string = DEFAULT_STRAVA_TOKEN_PARAM,
): string {
  const url = new URL(callbackUrl);
  url.searchParams.set(param, token);
  return url.toString();
}
