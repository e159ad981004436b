/**
 * Source preset for Twilio: form-encoded callbacks (SMS, voice, status callbacks) and JSON
 * deliveries (Event Streams, signed with `bodySHA256`). Twilio sends `I-Twilio-Idempotency-Token`,
 * stable across its retries: that is the id.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { PublicUrl } from "../../verify/public-url.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createTwilioVerifier } from "../../verify/twilio.ts";
import { parseFormOrJson } from "./form-or-json.ts";
import { dateAt, headerValue, pathOf, stringAt } from "./payload-fields.ts";

/** Options of {@link twilioSource}. */
export interface TwilioSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The account's auth token; primary and secondary while promoting. */
  readonly secret: SecretInput;
  /** The URL as Twilio requested it, behind a proxy or tunnel (an origin string or a function). @default the request URL */
  readonly publicUrl?: PublicUrl;
  /** Route name. @default "twilio" */
  readonly name?: string;
  /** Schemas by type: `message.<MessageStatus>`, `message.received`, `call.<CallStatus>`, or an Event Streams `type`. */
  readonly schemas?: TSchemas;
}

/**
 * Twilio callbacks. Type: `message.delivered` (and other `MessageStatus` values), `message.received`
 * for an incoming message, `call.<CallStatus>`, or the CloudEvent `type` of an Event Streams delivery.
 * @example
 * const source = twilioSource({ secret: process.env.TWILIO_AUTH_TOKEN!, publicUrl: "https://hooks.example.com" });
 * @category Ingest
 */
export function twilioSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: TwilioSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "twilio",
    verifier: createTwilioVerifier({ secret: options.secret, publicUrl: options.publicUrl }),
    mediaTypes: ["application/x-www-form-urlencoded", "application/json"],
    parse: parseFormOrJson,
    id: ({ headers, payload }) =>
      headerValue(headers, "i-twilio-idempotency-token") ??
      stringAt(firstEvent(payload), "id") ??
      callbackKey(payload),
    type: ({ payload }) => twilioType(payload),
    occurredAt: ({ payload }) =>
      dateAt(firstEvent(payload), "time") ?? dateAt(payload, "Timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

/** Event Streams posts an array of CloudEvents (or one); form callbacks are plain objects. */
function firstEvent(payload: unknown): unknown {
  const event = Array.isArray(payload) ? (payload[0] as unknown) : payload;
  return stringAt(event, "specversion") === undefined ? undefined : event;
}

function twilioType(payload: unknown): string | undefined {
  const cloudEventType = stringAt(firstEvent(payload), "type");
  if (cloudEventType !== undefined) return cloudEventType;
  const messageStatus = stringAt(payload, "MessageStatus") ?? stringAt(payload, "SmsStatus");
  if (messageStatus !== undefined && messageStatus !== "received")
    return `message.${messageStatus}`;
  if (stringAt(payload, "MessageSid") !== undefined) return "message.received";
  const callStatus = stringAt(payload, "CallStatus");
  return callStatus === undefined ? undefined : `call.${callStatus}`;
}

/** Without the idempotency header: the resource SID with its status (a status callback per state). */
function callbackKey(payload: unknown): string | undefined {
  const sid = stringAt(payload, "MessageSid") ?? stringAt(payload, "CallSid");
  if (sid === undefined) return undefined;
  const status =
    stringAt(payload, "MessageStatus") ??
    stringAt(payload, "SmsStatus") ??
    stringAt(payload, "CallStatus") ??
    "";
  const sequence = pathOf(payload, "SequenceNumber");
  return [sid, status, typeof sequence === "string" ? sequence : ""]
    .filter((part) => part !== "")
    .join(":");
}
