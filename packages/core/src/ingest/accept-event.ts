import type { Adapter } from "../adapter.ts";
import {
  BackendUnavailableError,
  EventInFlightError,
  IdempotencyConflictError,
  isHookwiseError,
} from "../errors.ts";
import type { EventRecord, EventStatus } from "../events/event-record.ts";
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
}

/** What accepting needs from the ingestor. */
export interface AcceptContext {
  readonly adapter: Adapter;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly idempotencyTtlMs: number;
  readonly claimStaleAfterMs: number;
}

/**
 * Steps 5 and 6: claim the idempotency key, then store and enqueue before anything is reported as
 * accepted. If storing or enqueueing fails the claim is released and the error becomes a 503, so
 * the sender retries and nothing is lost (design invariant 1).
 */
export async function acceptEvent(
  event: EventToAccept,
  context: AcceptContext,
): Promise<IngestOutcome> {
  const { adapter, lifecycle } = context;
  const { eventId } = event;
  const claimKey = `${event.source}:${event.key}`;
  const claim = await backend(() =>
    adapter.idempotency.claim(claimKey, event.fingerprint, {
      ttlMs: context.idempotencyTtlMs,
      staleAfterMs: context.claimStaleAfterMs,
    }),
  );
  if (claim.outcome === "duplicate") return duplicate(event, eventId, lifecycle);
  if (claim.outcome === "in_flight") throw new EventInFlightError();
  if (claim.outcome === "conflict") return conflict(event, eventId, context);

  let existing: EventRecord | undefined;
  let stored = false;
  try {
    // The key may have been forgotten (TTL, eviction) while the record is still kept: the record wins.
    existing = await adapter.events.get(eventId);
    if (existing === undefined) {
      await adapter.events.put(toRecord(eventId, event));
      stored = true;
      if (event.status === "queued") await enqueueProcessing(adapter, eventId);
    } else if (existing.fingerprint === event.fingerprint && existing.status === "queued") {
      // Stored by an earlier request whose enqueue may have failed: enqueue again (the queue dedupes by id).
      await enqueueProcessing(adapter, eventId);
    }
  } catch (error) {
    await release(adapter, claimKey, claim.token, stored ? eventId : undefined);
    throw asBackendError(error);
  }
  if (existing !== undefined) {
    // This claim found nothing new to accept: free it for the record's own answer below.
    await release(adapter, claimKey, claim.token, undefined);
    if (existing.fingerprint !== event.fingerprint) return conflict(event, eventId, context);
    return duplicate(event, eventId, lifecycle);
  }
  await adapter.idempotency.settle(claimKey, claim.token, "done").catch(() => {
    // Stored and enqueued already: answering 202 is right. A retry meets the stored record above.
    context.logger.warn("Could not settle an idempotency claim; the event was accepted", {
      eventId,
    });
  });
  lifecycle.emit(event.status, { source: event.source, eventId, type: event.type });
  return event.status === "queued" ? "accepted" : "ignored";
}

function duplicate(event: EventToAccept, eventId: string, lifecycle: Lifecycle): IngestOutcome {
  lifecycle.emit("duplicate", { source: event.source, eventId });
  return "duplicate";
}

/** Keep the conflicting payload for inspection (best effort), then answer 409. */
async function conflict(
  event: EventToAccept,
  eventId: string,
  context: AcceptContext,
): Promise<never> {
  const conflictId = await conflictIdFor(event.source, event.key, event.fingerprint);
  await context.adapter.events
    .put({ ...toRecord(conflictId, event), status: "conflict" })
    .catch(() => {
      context.logger.warn("Could not record an idempotency conflict", { eventId });
    });
  context.lifecycle.emit("conflict", { source: event.source, eventId });
  throw new IdempotencyConflictError(eventId);
}

async function enqueueProcessing(adapter: Adapter, eventId: string): Promise<void> {
  await adapter.queue.enqueue({ kind: "process", id: `process:${eventId}`, eventId });
}

async function release(
  adapter: Adapter,
  claimKey: string,
  token: string,
  storedId: string | undefined,
): Promise<void> {
  // Best effort: with the backend down these fail too, and the stale-claim timeout frees the key.
  await adapter.idempotency.settle(claimKey, token, "failed").catch(() => false);
  if (storedId !== undefined) await adapter.events.delete(storedId).catch(() => false);
}

async function backend<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw asBackendError(error);
  }
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
