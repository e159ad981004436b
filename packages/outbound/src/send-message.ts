import {
  EventInFlightError,
  IdempotencyConflictError,
  PayloadValidationError,
  type DeliveryRecord,
  type EndpointRecord,
  type EventRecord,
  type QueueJob,
} from "@hookwise/core";
import { deliveryIdFor, fingerprintOf, messageIdFor, newMessageKey } from "./ids.ts";
import { fanoutJob, sendJob } from "./outbound-jobs.ts";
import type { OutboxContext } from "./outbox-context.ts";

/**
 * A message to send to a tenant's endpoints.
 * @category Messages
 */
export interface SendMessage {
  /** The tenant (client) whose endpoints receive it. */
  readonly tenant: string;
  /** Event type, e.g. `invoice.paid`: endpoints that filter by type receive only theirs. */
  readonly type: string;
  /** Any JSON value: sent as `JSON.stringify(payload)`, the same bytes on every attempt. */
  readonly payload: unknown;
  /**
   * The same key (per tenant) sends once: a second `send` is answered `duplicate` with the first
   * message's id, for `idempotencyTtlMs`. Use your own id for the event (an order id and state).
   * @default a random key
   */
  readonly idempotencyKey?: string;
}

/**
 * What `send` did. `accepted`: stored, with one delivery per subscribed, enabled endpoint (0 when the
 * tenant has none: the message is stored as `delivered`). `duplicate`: the key was used before.
 * @category Messages
 */
export interface SendResult {
  /** `msg_…`: the `webhook-id` receivers see. */
  readonly id: string;
  readonly status: "accepted" | "duplicate";
  /** Deliveries planned, when `accepted`. */
  readonly deliveries?: number;
}

/** Resolved limits of `send`. */
export interface SendLimits {
  readonly maxPayloadBytes: number;
  readonly idempotencyTtlMs: number;
}

/** Longest tenant, type or key accepted. */
const MAX_NAME_LENGTH = 256;

/**
 * Store a message and queue its deliveries, as one adapter intake: it resolves only once the message
 * is stored (the same invariant as an inbound webhook's 202).
 */
export async function sendMessage(
  message: SendMessage,
  limits: SendLimits,
  context: OutboxContext,
): Promise<SendResult> {
  const tenant = checkName(message.tenant, "tenant");
  const type = checkName(message.type, "type");
  const key =
    message.idempotencyKey === undefined
      ? newMessageKey()
      : checkName(message.idempotencyKey, "idempotencyKey");
  const body = serialise(message.payload, limits.maxPayloadBytes);
  const id = messageIdFor(tenant, key);
  const now = context.clock.now();

  const endpoints = (await context.endpoints.listByTenant(tenant)).filter((endpoint) =>
    subscribed(endpoint, type),
  );
  const deliveries: DeliveryRecord[] = endpoints.map((endpoint) => ({
    id: deliveryIdFor(id, endpoint.id),
    destination: endpoint.id,
    transformer: "outbound",
    status: "pending",
    output: null,
    attempts: [],
  }));
  const record: EventRecord = {
    id,
    source: tenant,
    type,
    idempotencyKey: key,
    fingerprint: fingerprintOf(body),
    receivedAt: now,
    updatedAt: now,
    status: deliveries.length === 0 ? "delivered" : "queued",
    headers: {},
    body,
    deliveries,
  };
  const job: QueueJob | undefined =
    deliveries.length === 0
      ? undefined
      : deliveries.length === 1 && deliveries[0] !== undefined
        ? sendJob(id, deliveries[0].id)
        : fanoutJob(id);
  const { outcome } = await context.adapter.intake.accept({
    // Length-prefixed: no tenant and key pair can spell another's.
    claimKey: `outbound:${String(tenant.length)}:${tenant}:${key}`,
    fingerprint: record.fingerprint,
    ttlMs: limits.idempotencyTtlMs,
    staleAfterMs: 60_000,
    record,
    ...(job !== undefined && { job }),
  });
  switch (outcome) {
    case "accepted":
      context.emitter.emit("message.accepted", {
        messageId: id,
        tenant,
        type,
        deliveries: deliveries.length,
      });
      return { id, status: "accepted", deliveries: deliveries.length };
    case "duplicate":
    case "requeued":
      context.emitter.emit("message.duplicate", { messageId: id, tenant });
      return { id, status: "duplicate" };
    case "conflict":
      throw new IdempotencyConflictError(id);
    case "in_flight":
      throw new EventInFlightError();
  }
}

/** Whether an enabled endpoint takes this type. */
function subscribed(endpoint: EndpointRecord, type: string): boolean {
  return (
    endpoint.enabled && (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type))
  );
}

/** `value` when it is a usable tenant, type or key; else a 422 naming the field. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_NAME_LENGTH) {
    const message = `must be a non-empty string of at most ${String(MAX_NAME_LENGTH)} characters`;
    throw new PayloadValidationError([{ path: [field], message }], `\`${field}\` ${message}.`);
  }
  return value;
}

function serialise(payload: unknown, maxBytes: number): Uint8Array {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch {
    json = undefined;
  }
  if (json === undefined)
    throw new PayloadValidationError([], "`payload` cannot be serialised as JSON.");
  const body = new TextEncoder().encode(json);
  if (body.byteLength > maxBytes)
    throw new PayloadValidationError(
      [],
      `\`payload\` is ${String(body.byteLength)} bytes as JSON; the limit is ${String(maxBytes)} (\`maxPayloadBytes\`).`,
    );
  return body;
}
