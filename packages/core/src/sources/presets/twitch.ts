/**
 * Source preset for Twitch EventSub webhooks. Answers `webhook_callback_verification` with its
 * `challenge` as `text/plain`, only after the message's signature was verified; `revocation`
 * messages are accepted as events of type `revocation`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { parseRfc3339 } from "../../verify/rfc3339.ts";
import {
  createTwitchVerifier,
  TWITCH_MESSAGE_ID_HEADER,
  TWITCH_MESSAGE_TYPE_HEADER,
  TWITCH_TIMESTAMP_HEADER,
} from "../../verify/twitch.ts";
import { headerValue, pathOf, stringAt } from "./payload-fields.ts";
import { echoableChallenge, plainTextAnswer } from "./plain-text-answer.ts";

/**
 * Options of {@link twitchSource}.
 * @category Ingest
 */
export interface TwitchSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The subscription's `transport.secret`; several while changing it. */
  readonly secret: SecretInput;
  /** Accepted distance of the message timestamp from now, seconds. @default { pastSeconds: 600, futureSeconds: 600 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "twitch" */
  readonly name?: string;
  /** Schemas by subscription type (`channel.follow`, `stream.online`, …) or `revocation`. */
  readonly schemas?: TSchemas;
}

/**
 * Twitch EventSub. The id is `Twitch-Eventsub-Message-Id` (the same across Twitch's retries); the
 * type is the subscription's `type` (`revocation` for revocations); the time is the message timestamp.
 * @example
 * const source = twitchSource({ secret: process.env.TWITCH_EVENTSUB_SECRET! });
 * @category Ingest
 */
export function twitchSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: TwitchSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "twitch",
    verifier: createTwitchVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ headers }) => headerValue(headers, TWITCH_MESSAGE_ID_HEADER),
    type: ({ headers, payload }) => {
      const kind = headers.get(TWITCH_MESSAGE_TYPE_HEADER);
      // A verification whose challenge we would not echo is not an event either (400).
      if (kind === "webhook_callback_verification") return undefined;
      return kind === "revocation" ? "revocation" : stringAt(payload, "subscription", "type");
    },
    occurredAt: ({ headers }) =>
      parseRfc3339(headers.get(TWITCH_TIMESTAMP_HEADER), TWITCH_TIMESTAMP_HEADER),
    // Runs only after the verifier accepted these bytes under the subscription secret.
    handshake: ({ headers, payload }) => {
      if (headers.get(TWITCH_MESSAGE_TYPE_HEADER) !== "webhook_callback_verification")
        return undefined;
      const challenge = echoableChallenge(pathOf(payload, "challenge"));
      return challenge === undefined ? undefined : plainTextAnswer(challenge);
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
