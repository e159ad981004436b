import type { AttemptRecord, DeliveryRecord, EventRecord } from "@hookwise/core";

/** One delivery attempt as `GET /webhooks/events/:id` shows it. Times are ISO 8601. */
export interface AttemptView {
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly responseStatus: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** Delay before the next attempt, when this one failed and will be retried. */
  readonly nextAttemptInMs: number | null;
  /** The attempt after which the delivery was dead-lettered. */
  readonly final: boolean;
}

/** One delivery (one transformed output to one destination). */
export interface DeliveryView {
  readonly id: string;
  readonly destination: string;
  readonly transformer: string;
  readonly status: DeliveryRecord["status"];
  readonly attempts: readonly AttemptView[];
}

/** An event's status and delivery history: what support needs, without the request itself. */
export interface EventView {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** The sender's event id (NewStore's `id`). */
  readonly idempotencyKey: string;
  readonly status: EventRecord["status"];
  readonly receivedAt: string;
  readonly occurredAt: string | null;
  readonly updatedAt: string;
  readonly deliveries: readonly DeliveryView[];
}

/**
 * The public view of a stored event. Leaves out the raw headers (they carry the signature), the
 * body and the delivered output (they carry customer data).
 */
export function toEventView(record: EventRecord): EventView {
  return {
    id: record.id,
    source: record.source,
    type: record.type,
    idempotencyKey: record.idempotencyKey,
    status: record.status,
    receivedAt: iso(record.receivedAt),
    occurredAt: record.occurredAt === undefined ? null : iso(record.occurredAt),
    updatedAt: iso(record.updatedAt),
    deliveries: record.deliveries.map((delivery) => ({
      id: delivery.id,
      destination: delivery.destination,
      transformer: delivery.transformer,
      status: delivery.status,
      attempts: delivery.attempts.map(toAttemptView),
    })),
  };
}

function toAttemptView(attempt: AttemptRecord): AttemptView {
  return {
    attempt: attempt.attempt,
    startedAt: iso(attempt.startedAt),
    finishedAt: iso(attempt.finishedAt),
    ok: attempt.ok,
    responseStatus: attempt.responseStatus ?? null,
    error:
      attempt.error === undefined
        ? null
        : { code: attempt.error.code, message: attempt.error.message },
    nextAttemptInMs: attempt.nextAttemptInMs ?? null,
    final: attempt.final ?? false,
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
