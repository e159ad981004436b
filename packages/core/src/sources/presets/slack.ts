/**
 * Source preset for Slack: the Events API (JSON) plus slash commands and interactivity
 * (form-encoded; interactivity's `payload` field is JSON). Answers the Events API `url_verification`
 * handshake with its challenge, after the request's signature was verified.
 */
import type { HandshakeResponse, Source, SourceSchemas } from "../source.ts";
import { fromUtf8 } from "../../util/bytes.ts";
import { createSlackVerifier } from "../../verify/slack.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { numberAt, pathOf, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link slackSource}.
 * @category Ingest
 */
export interface SlackSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's signing secret; several while regenerating it. */
  readonly secret: SecretInput;
  /** Accepted distance of `X-Slack-Request-Timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "slack" */
  readonly name?: string;
  /** Schemas by type: the inner `event.type` for Events API callbacks (`app_mention`, …), `slash_command`, or an interactivity `type` (`block_actions`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Slack requests. The id is the Events API `event_id` (kept across Slack's retries), else the
 * `trigger_id` of commands and interactions.
 * @example
 * const source = slackSource({ secret: process.env.SLACK_SIGNING_SECRET! });
 * @category Ingest
 */
export function slackSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SlackSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "slack",
    verifier: createSlackVerifier({ secret: options.secret, tolerance: options.tolerance }),
    mediaTypes: ["application/json", "application/x-www-form-urlencoded"],
    parse: parseSlackBody,
    id: ({ payload }) => stringAt(payload, "event_id") ?? stringAt(payload, "trigger_id"),
    type: ({ payload }) => {
      if (stringAt(payload, "type") === "event_callback") return stringAt(payload, "event", "type");
      return stringAt(payload, "command") === undefined
        ? stringAt(payload, "type")
        : "slash_command";
    },
    occurredAt: ({ payload }) => {
      const seconds = numberAt(payload, "event_time");
      return seconds === undefined ? undefined : seconds * 1000;
    },
    handshake: ({ payload }) => answerUrlVerification(payload),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

const URL_VERIFICATION_KEYS = new Set(["token", "challenge", "type"]);
const MAX_CHALLENGE_LENGTH = 512;

/**
 * The answer to Slack's `url_verification`, only for that exact shape: `type` and a string
 * `challenge`, optionally `token`, nothing else.
 * @internal
 */
export function answerUrlVerification(payload: unknown): HandshakeResponse | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  if (!Object.keys(payload).every((key) => URL_VERIFICATION_KEYS.has(key))) return undefined;
  const challenge = pathOf(payload, "challenge");
  const token = pathOf(payload, "token");
  if (pathOf(payload, "type") !== "url_verification" || typeof challenge !== "string")
    return undefined;
  if (
    challenge === "" ||
    challenge.length > MAX_CHALLENGE_LENGTH ||
    (token !== undefined && typeof token !== "string")
  )
    return undefined;
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ challenge }),
  };
}

function parseSlackBody(body: Uint8Array, contentType: string | undefined): unknown {
  const text = fromUtf8(body);
  if (
    (contentType ?? "").split(";")[0]?.trim().toLowerCase() !== "application/x-www-form-urlencoded"
  ) {
    return JSON.parse(text) as unknown;
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  // Interactivity sends one `payload` field holding JSON; slash commands send plain fields.
  return typeof form.payload === "string" ? (JSON.parse(form.payload) as unknown) : form;
}
