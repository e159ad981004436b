import type { AttemptRecord, EventRecord } from "@hookwise/core";
import type { MessageView } from "@hookwise/outbound";
import { clientIdOf } from "../intake/normalize-source.ts";
import type { MerchantNormalizedPayload } from "../delivery/merchant-normalized.ts";

/**
 * A request as `GET /requests/:id` shows it. Times are ISO 8601.
 * - `pending`: stored; the heuristic has not finished (or is being retried);
 * - `normalized`: the result is known and handed to the outbox (see `delivery` for where it is);
 * - `failed`: the heuristic failed for good (out of attempts); nothing will be delivered.
 */
export interface RequestView {
  readonly request_id: string;
  readonly client_id: string;
  readonly status: "pending" | "normalized" | "failed";
  readonly received_at: string;
  /** The transaction as the client sent it. */
  readonly transaction: unknown;
  /** `null` until `normalized`. */
  readonly result: { readonly merchant: MerchantNormalizedPayload["merchant"] } | null;
  /** The webhook carrying the result, from the outbox; `null` until `normalized`. */
  readonly delivery: DeliveryView | null;
}

/**
 * - `pending`: not delivered yet (the first attempt is queued, or a retry is scheduled);
 * - `delivered`: the client's endpoint answered 2xx;
 * - `failed`: out of attempts, or refused for good (a 4xx, an address the policy refuses);
 * - `no_endpoint`: the client had no enabled endpoint when the result was ready.
 */
export interface DeliveryView {
  /** `msg_…`: the `webhook-id` the client received. */
  readonly message_id: string;
  readonly status: "pending" | "delivered" | "failed" | "no_endpoint";
  readonly attempts: readonly AttemptView[];
}

/** One delivery attempt. */
export interface AttemptView {
  readonly attempt: number;
  readonly started_at: string;
  readonly finished_at: string;
  readonly ok: boolean;
  /** What the client's endpoint answered, when it answered. */
  readonly response_status?: number;
  /** Why it failed: `NETWORK_ERROR`, `TIMEOUT`, `HTTP_ERROR`… */
  readonly error?: { readonly code: string; readonly message: string };
  /** When it failed and will be retried: the delay before the next attempt, in ms. */
  readonly next_attempt_in_ms?: number;
}

/** The view from hookwise's event record and the outbox's message (absent until normalized). */
export function toRequestView(record: EventRecord, message: MessageView | undefined): RequestView {
  const payload = message?.payload as MerchantNormalizedPayload | undefined;
  return {
    request_id: record.id,
    client_id: clientIdOf(record.headers) ?? "",
    status:
      message !== undefined
        ? "normalized"
        : record.status === "dead_lettered"
          ? "failed"
          : "pending",
    received_at: iso(record.receivedAt),
    transaction: parseBody(record.body),
    result: payload === undefined ? null : { merchant: payload.merchant },
    delivery:
      message === undefined
        ? null
        : {
            message_id: message.id,
            status: deliveryStatus(message),
            // The message already holds its deliveries' attempts (one endpoint per client).
            attempts: message.deliveries.flatMap((delivery) =>
              delivery.attempts.map(toAttemptView),
            ),
          },
  };
}

function deliveryStatus(message: MessageView): DeliveryView["status"] {
  if (message.deliveries.length === 0) return "no_endpoint";
  if (message.status === "delivered") return "delivered";
  if (message.status === "dead_lettered") return "failed";
  return "pending";
}

function toAttemptView(attempt: AttemptRecord): AttemptView {
  return {
    attempt: attempt.attempt,
    started_at: iso(attempt.startedAt),
    finished_at: iso(attempt.finishedAt),
    ok: attempt.ok,
    ...(attempt.responseStatus === undefined ? {} : { response_status: attempt.responseStatus }),
    ...(attempt.error === undefined
      ? {}
      : { error: { code: attempt.error.code, message: attempt.error.message } }),
    ...(attempt.nextAttemptInMs === undefined
      ? {}
      : { next_attempt_in_ms: attempt.nextAttemptInMs }),
  };
}

function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return null; // Never: only valid JSON is stored.
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
