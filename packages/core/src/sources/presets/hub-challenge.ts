/**
 * The `hub.mode=subscribe&hub.challenge=…&hub.verify_token=…` GET that Meta and Strava send when a
 * subscription is created (the WebSub / PubSubHubbub shape). The verify token is the only proof the
 * request carries: it is compared in constant time before anything is echoed.
 */
import { ErrorCode, SignatureVerificationError } from "../../errors.ts";
import type { ChallengeRequest, HandshakeResponse } from "../source.ts";
import type { TokenMatcher } from "../../verify/verify-token.ts";
import { echoableChallenge } from "./plain-text-answer.ts";

/**
 * The challenge when `request` is a subscribe verification carrying one of the configured verify
 * tokens; `undefined` when it is not a verification at all (the ingestor answers 405).
 * @throws SignatureVerificationError (401) when the verify token is missing or wrong.
 * @internal
 */
export async function verifiedHubChallenge(
  request: ChallengeRequest,
  tokens: TokenMatcher,
): Promise<string | undefined> {
  const { query } = request;
  if (query.get("hub.mode") !== "subscribe") return undefined;
  const challenge = echoableChallenge(query.get("hub.challenge"));
  if (challenge === undefined) return undefined;
  const token = query.get("hub.verify_token");
  if (token === null || token === "") {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISSING,
      "The subscription verification carries no `hub.verify_token`.",
    );
  }
  if ((await tokens.indexOf(token)) === -1) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISMATCH,
      "The `hub.verify_token` does not match the configured verify token.",
      { diagnosis: "Set the same verify token in the provider's dashboard and in this source." },
    );
  }
  return challenge;
}

/**
 * `200 application/json` with `body`, uncached (Strava's answer shape).
 * @internal
 */
export function jsonAnswer(body: unknown): HandshakeResponse {
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}
