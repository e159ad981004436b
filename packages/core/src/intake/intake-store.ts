import type { EventRecord } from "../events/event-record.ts";
import type { QueueJob } from "../queue/queue.ts";

/** What {@link IntakeStore.accept} is asked to take in. */
export interface IntakeRequest {
  /** The idempotency key, unique across sources (`<source>:<key>`). */
  readonly claimKey: string;
  /** SHA-256 of the raw body, hex: the same key with another fingerprint is a conflict. */
  readonly fingerprint: string;
  /** How long the key answers `duplicate` after it was accepted, in milliseconds. */
  readonly ttlMs: number;
  /**
   * For intakes that are not one atomic step: after this many milliseconds a claim that never
   * finished counts as abandoned and may be taken over. Atomic intakes ignore it.
   */
  readonly staleAfterMs: number;
  /** The record to store when the key is new; its id is derived from source and key. */
  readonly record: EventRecord;
  /** The job to queue with the record; absent for a record stored only (`ignored`). */
  readonly job?: QueueJob;
}

/**
 * What intake decided, atomically:
 * - `accepted`: the key was new; the record is stored and its job queued.
 * - `duplicate`: the key (or the record, when the key was forgotten) was accepted before with the same
 *   bytes; nothing changed.
 * - `requeued`: the same bytes were accepted before but the record is still `queued`, so its job may have
 *   been lost (a crash between storing and queueing): the job was queued again (a queue adds nothing
 *   while the same id is queued or running). Answered like a duplicate.
 * - `conflict`: the key was accepted before with other bytes; nothing changed.
 * - `in_flight`: an intake that is not one atomic step is half-way for this key; the sender retries.
 *   Atomic intakes never answer it.
 */
export type IntakeResult =
  | { readonly outcome: "accepted" }
  | { readonly outcome: "duplicate" }
  | { readonly outcome: "requeued" }
  | { readonly outcome: "conflict" }
  | { readonly outcome: "in_flight" };

/**
 * The ack path's one adapter operation: claim the key, find or store the record, hand its job to the
 * queue. The adapter decides the outcome atomically, so of any number of concurrent intakes of one key
 * exactly one is `accepted`, and a failure leaves no record, no job and the key free.
 *
 * Contract (checked by the `intake:` cases of `testAdapter` in `@hookwise/core/testing`):
 * - `accepted` only once the record is stored and the job queued (design invariant 1).
 * - A key forgotten (TTL, eviction) while its record is still stored is answered from the record.
 * - Backend failures reject with `BackendUnavailableError` and leave nothing behind, or leave a record
 *   stored whose job is queued again by the next intake of the same webhook (`requeued`) and by the
 *   worker's periodic sweep of records still `queued`.
 * @category Adapters
 */
export interface IntakeStore {
  accept(request: IntakeRequest): Promise<IntakeResult>;
}
