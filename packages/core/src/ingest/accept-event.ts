import type { Adapter } from "../adapter.ts";
import {
  BackendUnavailableError,
  ErrorCode,
  EventInFlightError,
  IdempotencyConflictError,
  isHookwiseError,
} from "../errors.ts";
import type { EventRecord, EventStatus } from "../events/event-record.ts";
import type { IntakeResult } from "../intake/intake-store.ts";
import { processJob } from "../queue/jobs.ts";
import type { PayloadHandoff } from "../validate/payload-handoff.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import { conflictIdFor } from "../util/ids.ts";
import type { Logger } from "../util/logger.ts";
import type { IngestOutcome } from "./http-result.ts";

/** A verified, validated event ready to be claimed and stored. */
export interface EventToAccept {
  /** Derived from source and key (`eventIdFor`). */
  readonly eventId: string;
  readonly source: string;
  readonly key: string;
  readonly type: string;
  readonly fingerprint: string;
  readonly occurredAt: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly receivedAt: number;
  /** `queued` to process it, `ignored` to store it only (unknown type under the `store` policy). */
  readonly status: Extract<EventStatus, "queued" | "ignored">;
  /** The validated payload, handed to this process's worker so it need not read the bytes again. */
  readonly payload: unknown;
}

/** What accepting needs from the ingestor. */
export interface AcceptContext {
  readonly adapter: Adapter;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly idempotencyTtlMs: number;
  readonly claimStaleAfterMs: number;
  /** `reject`: answer a reused key with other bytes 409; `record`: keep it and answer 200. */
  readonly conflicts: ConflictPolicy;
  readonly handoff?: PayloadHandoff | undefined;
}

/**
 * What a reused idempotency key with another payload gets: `reject` answers 409 (the sender sees
 * its mistake); `record` acknowledges it with 200 `conflict`, for senders that would retry a 409
 * forever. Either way the conflicting payload is kept as a `conflict` record and never processed.
 */
export type ConflictPolicy = "reject" | "record";

/**
 * Steps 5 and 6: one intake call claims the key, stores the record and queues its job, atomically in
 * the adapter, before anything is reported as accepted. A backend failure becomes a 503, so the
 * sender retries and nothing is lost (design invariant 1).
 */
export async function acceptEvent(
  event: EventToAccept,
  context: AcceptContext,
): Promise<IngestOutcome> {
  const { adapter, lifecycle } = context;
  const { eventId } = event;
  // Offered before intake: the queue may hand the job to this process's worker before intake resolves.
  if (event.status === "queued") context.handoff?.give(eventId, event.payload);
  let result: IntakeResult | undefined;
  try {
    result = await adapter.intake.accept({
      claimKey: `${event.source}:${event.key}`,
      fingerprint: event.fingerprint,
      ttlMs: context.idempotencyTtlMs,
      staleAfterMs: context.claimStaleAfterMs,
      record: toRecord(eventId, event),
      ...(event.status === "queued" && { job: processJob(eventId) }),
    });
  } catch (error) {
    throw asBackendError(error);
  } finally {
    if (result?.outcome !== "accepted") context.handoff?.take(eventId);
  }
  switch (result.outcome) {
    case "accepted":
      lifecycle.emit(event.status, { source: event.source, eventId, type: event.type });
      return event.status === "queued" ? "accepted" : "ignored";
    case "duplicate":
    case "requeued":
      lifecycle.emit("duplicate", { source: event.source, eventId });
      return "duplicate";
    case "conflict":
      return conflict(event, eventId, context);
    case "in_flight":
      throw new EventInFlightError();
  }
}

/** Keep the conflicting payload for inspection (best effort), then answer 409 or 200 `conflict`. */
async function conflict(
  event: EventToAccept,
  eventId: string,
  context: AcceptContext,
): Promise<IngestOutcome> {
  const conflictId = await conflictIdFor(event.source, event.key, event.fingerprint);
  await context.adapter.events
    .insert({ ...toRecord(conflictId, event), status: "conflict" })
    .catch((error: unknown) => {
      // The same conflicting bytes again: the first copy is kept already.
      if (isHookwiseError(error) && error.code === ErrorCode.EVENT_EXISTS) return;
      // Acknowledged conflicts must be stored first: the sender will not send them again.
      if (context.conflicts === "record") throw asBackendError(error);
      context.logger.warn("Could not record an idempotency conflict", { eventId });
    });
  context.lifecycle.emit("conflict", { source: event.source, eventId });
  if (context.conflicts === "record") return "conflict";
  throw new IdempotencyConflictError(eventId);
}

function asBackendError(error: unknown): Error {
  if (isHookwiseError(error)) return error;
  return new BackendUnavailableError(undefined, { cause: error });
}

function toRecord(id: string, event: EventToAccept): EventRecord {
  return {
    id,
    source: event.source,
    type: event.type,
    idempotencyKey: event.key,
    fingerprint: event.fingerprint,
    receivedAt: event.receivedAt,
    ...(event.occurredAt === undefined ? {} : { occurredAt: event.occurredAt }),
    updatedAt: event.receivedAt,
    status: event.status,
    headers: event.headers,
    body: event.body,
    deliveries: [],
  };
}
