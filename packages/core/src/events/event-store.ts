import type {
  EventRecord,
  DeliveryRecord,
  AttemptRecord,
  EventStatus,
  DeliveryStatus,
} from "./event-record.ts";

/** Options of {@link EventStore.list}. */
export interface ListEventsOptions {
  /** Only records with this status. */
  readonly status?: EventStatus;
  /** Page size. */
  readonly limit: number;
  /** Cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

/** One page of {@link EventStore.list}. */
export interface EventPage {
  readonly records: readonly EventRecord[];
  /** Pass to the next call to continue; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * Durable record of every accepted event: its raw bytes, headers, status, deliveries and every attempt.
 *
 * Contract (checked by `testEventStore` in `@hookwise/core/testing`):
 * - `put` stores a copy; `get` returns the body byte-exact (any bytes, including empty and non-UTF-8)
 *   and the headers as stored. `put` with an existing id replaces that record.
 * - `list` pages in insertion order; paging while records are inserted yields no record twice and
 *   misses none that existed when paging started. Filtering by status uses the current status.
 * - `addDeliveries` adds only deliveries whose id is not present yet (a re-run of fan-out after a crash
 *   changes nothing), and keeps their order.
 * - `recordAttempt` appends in order and may set the delivery's status; it resolves with all of the
 *   event's deliveries as they are after the change (one atomic step, so concurrent finishers agree on
 *   whether every delivery is done).
 * - Operations on an unknown id reject with `EventNotFoundError`; backend failures with
 *   `BackendUnavailableError`.
 * @category Adapters
 */
export interface EventStore {
  /** Store (or replace) a record. */
  put(record: EventRecord): Promise<void>;
  /** The record, or `undefined`. */
  get(id: string): Promise<EventRecord | undefined>;
  /** Remove a record; resolves whether it existed. */
  delete(id: string): Promise<boolean>;
  /** Page through records, optionally by status. */
  list(options: ListEventsOptions): Promise<EventPage>;
  /** Set the event's status. */
  setStatus(id: string, status: EventStatus, updatedAt: number): Promise<void>;
  /** Add deliveries (fan-out) that are not present yet; resolves with all deliveries. */
  addDeliveries(
    id: string,
    deliveries: readonly DeliveryRecord[],
  ): Promise<readonly DeliveryRecord[]>;
  /** Append an attempt to a delivery and optionally change its status; resolves with all deliveries. */
  recordAttempt(
    id: string,
    deliveryId: string,
    attempt: AttemptRecord | undefined,
    status?: DeliveryStatus,
  ): Promise<readonly DeliveryRecord[]>;
}
