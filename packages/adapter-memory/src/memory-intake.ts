import type { IntakeRequest, IntakeResult, IntakeStore } from "@hookwise/core";
import {
  deleteRecord,
  insertRecord,
  liveEntry,
  type EventStoreState,
} from "./memory-event-store.ts";
import { lookupKey, rememberKey, type IdempotencyState } from "./memory-idempotency-store.ts";
import { enqueueJob, type QueueState } from "./memory-queue.ts";
import { promised } from "./validate-option.ts";

/** The states intake works on: one process, one event loop turn, so one atomic step. */
export interface MemoryIntakeParts {
  readonly idempotency: IdempotencyState;
  readonly events: EventStoreState;
  readonly queue: QueueState;
}

/**
 * The memory adapter's {@link IntakeStore}: claim, store and enqueue run synchronously in one turn
 * of the event loop, so no other intake sees a half-done step, and a failure (a full store or queue)
 * is undone before anyone could see it. It never answers `in_flight`.
 * @internal
 */
export function createMemoryIntake(parts: MemoryIntakeParts): IntakeStore {
  return { accept: (request) => promised(() => accept(parts, request)) };
}

function accept(parts: MemoryIntakeParts, request: IntakeRequest): IntakeResult {
  const { record, job, claimKey, fingerprint, ttlMs } = request;
  const known = lookupKey(parts.idempotency, claimKey);
  if (known !== undefined && known.fingerprint !== fingerprint) return { outcome: "conflict" };
  const stored = liveEntry(parts.events, record.id)?.record;
  if (stored !== undefined) {
    // The key may have been forgotten (TTL, eviction) while the record is kept: the record wins.
    if (known === undefined) rememberKey(parts.idempotency, claimKey, stored.fingerprint, ttlMs);
    if (stored.fingerprint !== fingerprint) return { outcome: "conflict" };
    // Still queued: its job may be gone (a handler that failed for good, say); queue it again.
    if (stored.status === "queued" && job !== undefined && enqueueJob(parts.queue, job, undefined))
      return { outcome: "requeued" };
    return { outcome: "duplicate" };
  }
  if (known !== undefined) return known.done ? { outcome: "duplicate" } : { outcome: "in_flight" };
  insertRecord(parts.events, record);
  try {
    if (job !== undefined) enqueueJob(parts.queue, job, undefined);
  } catch (error) {
    // Undo the insert: nothing of this intake stays behind, and the key stays free.
    deleteRecord(parts.events, record.id);
    throw error;
  }
  rememberKey(parts.idempotency, claimKey, fingerprint, ttlMs);
  return { outcome: "accepted" };
}
