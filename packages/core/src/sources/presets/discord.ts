/**
 * Source preset for Discord: interactions (slash commands, components, modals) or webhook events.
 * Answers Discord's PING (`{ "type": 1 }` for interactions, 204 for webhook events) only after the
 * Ed25519 signature was verified; Discord's deliberately unsigned probes get a 401.
 */
import type { HandshakeResponse, Source, SourceSchemas } from "../source.ts";
import { createDiscordVerifier } from "../../verify/discord.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Which Discord endpoint this is: the Interactions Endpoint URL, or the Webhook Events URL.
 * @category Ingest
 */
export type DiscordEndpointKind = "interactions" | "webhook-events";

/** Options of {@link discordSource}. */
export interface DiscordSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The application's public key, hex; several while moving between applications. */
  readonly publicKey: SecretInput;
  /** The endpoint kind, which decides the PING shape and answer. @default "interactions" */
  readonly kind?: DiscordEndpointKind;
  /** Accepted distance of `X-Signature-Timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "discord" */
  readonly name?: string;
  /** Schemas by type: `APPLICATION_COMMAND`, `MESSAGE_COMPONENT`, … for interactions; the event `type` for webhook events. */
  readonly schemas?: TSchemas;
}

/** Discord's `InteractionType` numbers. */
const INTERACTION_TYPES: Readonly<Record<number, string>> = {
  1: "PING",
  2: "APPLICATION_COMMAND",
  3: "MESSAGE_COMPONENT",
  4: "APPLICATION_COMMAND_AUTOCOMPLETE",
  5: "MODAL_SUBMIT",
};
/** Discord snowflakes count milliseconds from 2015-01-01T00:00:00Z in their top 42 bits. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/**
 * Discord interactions or webhook events. Interactions: id = the interaction id, time from its
 * snowflake. Webhook events: id = application + event type + event timestamp.
 * @example
 * const source = discordSource({ publicKey: process.env.DISCORD_PUBLIC_KEY! });
 * @category Ingest
 */
export function discordSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: DiscordSourceOptions<TSchemas>,
): Source<TSchemas> {
  const kind = options.kind ?? "interactions";
  const events = kind === "webhook-events";
  return {
    name: options.name ?? "discord",
    verifier: createDiscordVerifier({ publicKey: options.publicKey, tolerance: options.tolerance }),
    id: ({ payload }) => (events ? webhookEventKey(payload) : scalarAt(payload, "id")),
    type: ({ payload }) => (events ? stringAt(payload, "event", "type") : interactionType(payload)),
    occurredAt: ({ payload }) =>
      events ? dateAt(payload, "event", "timestamp") : snowflakeTime(scalarAt(payload, "id")),
    // Runs only after the verifier accepted the Ed25519 signature, so a probe never gets an answer.
    handshake: ({ payload }) => answerPing(payload, kind),
    acknowledge: ({ payload }) => (events ? EVENT_RECEIVED : deferredResponse(payload)),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function answerPing(payload: unknown, kind: DiscordEndpointKind): HandshakeResponse | undefined {
  const type = pathOf(payload, "type");
  if (kind === "interactions" && type === 1) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 1 }),
    };
  }
  if (kind === "webhook-events" && type === 0) return { status: 204, headers: {}, body: "" };
  return undefined;
}

const JSON_HEADERS = { "content-type": "application/json" } as const;
/** Discord's Webhook Events URL expects an empty 204 for every event it delivers. */
const EVENT_RECEIVED: HandshakeResponse = { status: 204, headers: {}, body: "" };

/**
 * An interaction must be answered within 3 s with an interaction response, and hookwise processes
 * events in the background, so it answers "deferred": DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE (5) for
 * commands and modal submits, DEFERRED_UPDATE_MESSAGE (6) for components; the handler follows up
 * through Discord's REST API. Autocomplete cannot be deferred: it gets an empty choice list (8).
 */
function deferredResponse(payload: unknown): HandshakeResponse {
  const type = Number(scalarAt(payload, "type"));
  const response =
    type === 3 ? { type: 6 } : type === 4 ? { type: 8, data: { choices: [] } } : { type: 5 };
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(response) };
}

function interactionType(payload: unknown): string | undefined {
  const type = scalarAt(payload, "type");
  return type === undefined
    ? undefined
    : (INTERACTION_TYPES[Number(type)] ?? `INTERACTION_${type}`);
}

function webhookEventKey(payload: unknown): string | undefined {
  const parts = [
    scalarAt(payload, "application_id"),
    stringAt(payload, "event", "type"),
    stringAt(payload, "event", "timestamp"),
  ];
  return parts.every((part) => part !== undefined) ? parts.join(":") : undefined;
}

function snowflakeTime(id: string | undefined): number | undefined {
  if (id === undefined || !/^[0-9]{1,20}$/.test(id)) return undefined;
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}
