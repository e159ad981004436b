/**
 * Source preset for Strava's webhook events API. Strava signs nothing: the subscription's GET
 * validation is answered only with the right `hub.verify_token` (required), and event POSTs are
 * authenticated by a secret token in the callback URL (required; see `createStravaVerifier`).
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createStravaVerifier } from "../../verify/strava.ts";
import { createTokenMatcher } from "../../verify/verify-token.ts";
import { jsonAnswer, verifiedHubChallenge } from "./hub-challenge.ts";
import { numberAt, stringAt } from "./payload-fields.ts";
import { acknowledgeWith200 } from "./plain-text-answer.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Options of {@link stravaSource}.
 * @category Ingest
 */
export interface StravaSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The `verify_token` sent when creating the push subscription; several while changing it. */
  readonly verifyToken: SecretInput;
  /** The secret in the callback URL's query (`?token=…`) that authenticates event POSTs. */
  readonly callbackToken: SecretInput;
  /** The callback URL's query parameter holding it. @default "token" */
  readonly callbackTokenParam?: string;
  /** Route name. @default "strava" */
  readonly name?: string;
  /** Schemas by `<object_type>.<aspect_type>`: `activity.create`, `athlete.update`, … */
  readonly schemas?: TSchemas;
}

/**
 * Strava events: the key joins subscription, object, aspect and `event_time`; the type is
 * `<object_type>.<aspect_type>`; the time `event_time`. Answers 200, as Strava expects.
 * @example
 * const source = stravaSource({ verifyToken: process.env.STRAVA_VERIFY_TOKEN!, callbackToken: process.env.STRAVA_CALLBACK_TOKEN! });
 * @category Ingest
 */
export function stravaSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: StravaSourceOptions<TSchemas>,
): Source<TSchemas> {
  const tokens = createTokenMatcher(options.verifyToken, "verifyToken");
  return {
    name: options.name ?? "strava",
    verifier: createStravaVerifier({
      callbackToken: options.callbackToken,
      ...(options.callbackTokenParam === undefined ? {} : { param: options.callbackTokenParam }),
    }),
    id: ({ payload }) => {
      const parts = [
        "subscription_id",
        "object_type",
        "object_id",
        "aspect_type",
        "event_time",
      ].map((field) => scalarAt(payload, field));
      return parts.includes(undefined) ? undefined : parts.join(":");
    },
    type: ({ payload }) => {
      const object = stringAt(payload, "object_type");
      const aspect = stringAt(payload, "aspect_type");
      return object === undefined || aspect === undefined ? undefined : `${object}.${aspect}`;
    },
    occurredAt: ({ payload }) => {
      const seconds = numberAt(payload, "event_time");
      return seconds === undefined ? undefined : seconds * 1000;
    },
    acknowledge: acknowledgeWith200,
    challenge: async (request) => {
      const challenge = await verifiedHubChallenge(request, tokens);
      return challenge === undefined ? undefined : jsonAnswer({ "hub.challenge": challenge });
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
