import type {
  EventRecord,
  DeliveryRecord,
  AttemptRecord,
  EventStatus,
  DeliveryStatus,
  EventError,
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

/**
 * One page of {@link EventStore.list} (records) or {@link EventStore.listSummaries} (summaries). A
 * page may hold fewer than `limit` records, even none, and still have a `nextCursor`: a durable store
 * bounds the work of one call.
 */
export interface EventPage<R = EventRecord> {
  readonly records: readonly R[];
  /** Pass to the next call to continue; absent on the last page. */
  readonly nextCursor?: string;
}

/** An event without its body, headers and deliveries: what a delivery attempt needs to know of it. */
export type EventSummary = Omit<EventRecord, "body" | "headers" | "deliveries">;

/** One delivery with the summary of its event, from {@link EventStore.getDelivery}. */
export interface DeliveryWithEvent {
  readonly event: EventSummary;
  readonly delivery: DeliveryRecord;
}

/** Where one delivery stands, as the writers that change deliveries report it. */
export interface DeliveryState {
  readonly id: string;
  readonly destination: string;
  readonly status: DeliveryStatus;
}

/**
 * What {@link EventStore.addDeliveries} may also change, in the same atomic step (one write instead
 * of two on a durable store).
 * @category Adapters
 */
export interface AddDeliveriesOptions {
  /** When a delivery is pending after the change: the event becomes `processing`, updated at this time. */
  readonly processingAt?: number;
  /**
   * When no delivery is pending after the change: the event becomes `dead_lettered` (any delivery
   * dead-lettered) or `delivered`, updated at this time, its error cleared. The worker plans a single
   * delivery and records its first attempt in one write this way.
   */
  readonly settleAt?: number;
}

/**
 * What {@link EventStore.recordAttempt} may also change, in the same atomic step.
 * @category Adapters
 */
export interface RecordAttemptOptions {
  /**
   * When no delivery is pending after the change: the event becomes `dead_lettered` (any delivery
   * dead-lettered) or `delivered`, updated at this time, its error cleared.
   */
  readonly settleAt?: number;
}

/**
 * What {@link EventStore.resetDeliveries} may also change, in the same atomic step.
 * @category Adapters
 */
export interface ResetDeliveriesOptions {
  /** The event's new status (its error cleared), e.g. `processing` for a replay. */
  readonly status: EventStatus;
  readonly updatedAt: number;
}

/**
 * Durable record of every accepted event: its raw bytes, headers, status, deliveries and every attempt.
 * Writers are narrow, so a durable store changes one field or one delivery without rewriting (or
 * re-reading) the record and its body.
 *
 * Contract (checked by `testEventStore` in `@hookwise/core/testing`):
 * - `insert` stores a copy and rejects with `EventExistsError` when the id is taken; `get` returns
 *   the body byte-exact (any bytes, including empty and non-UTF-8) and the headers as stored.
 * - `getDelivery` returns one delivery and its event's summary, never the body.
 * - `getForProcessing` changes only a `queued` record (to `processing`, as `setStatus` would) and
 *   resolves with the record after the change, body byte-exact; `undefined` for an unknown id.
 * - `list` pages in insertion order; paging while records are inserted yields no record twice and
 *   misses none that existed when paging started. Filtering by status uses the current status.
 *   `listSummaries` pages the same way (same order, filter and cursors) and answers summaries, so a
 *   durable store reads no body, headers or deliveries (the worker's sweep uses it).
 * - `setStatus` sets the status and replaces the event's `error` with the one given (clears it when
 *   none is given).
 * - `addDeliveries` adds only deliveries whose id is not present yet (a re-run of fan-out after a crash
 *   changes nothing), and keeps their order; a delivery may arrive with attempts and a final status
 *   already. With `processingAt`, when a delivery is pending after the change, the event's status
 *   becomes `processing` in the same step (as `setStatus` would set it); with `settleAt`, when none
 *   is, the event settles as `recordAttempt` settles it.
 * - `recordAttempt` appends in order and may set the delivery's status. With `settleAt`, when no
 *   delivery is pending after the change, the event's status becomes `dead_lettered` (any delivery
 *   dead-lettered) or `delivered`, in the same step. `resetDeliveries` sets the named deliveries back
 *   to `pending`, keeping their attempts. Each resolves with the state of all of the event's
 *   deliveries after the change (one atomic step, so concurrent finishers agree on whether every
 *   delivery is done, and exactly the last one settles the event).
 * - Operations on an unknown id reject with `EventNotFoundError`; backend failures with
 *   `BackendUnavailableError`.
 * @category Adapters
 */
export interface EventStore {
  /** Store a new record; rejects with `EventExistsError` when one has that id. */
  insert(record: EventRecord): Promise<void>;
  /** The record, or `undefined`. */
  get(id: string): Promise<EventRecord | undefined>;
  /**
   * The record as `get` returns it, after making a `queued` one `processing` (updated at
   * `processingAt`, its error cleared) in the same step; any other status is left as it is. The
   * worker's first call on an event: one read that also tells status queries a worker has it.
   */
  getForProcessing(id: string, processingAt: number): Promise<EventRecord | undefined>;
  /** One delivery and its event's summary (no body), or `undefined` when either is unknown. */
  getDelivery(eventId: string, deliveryId: string): Promise<DeliveryWithEvent | undefined>;
  /** Remove a record; resolves whether it existed. */
  delete(id: string): Promise<boolean>;
  /** Page through records, optionally by status. */
  list(options: ListEventsOptions): Promise<EventPage>;
  /** Page through records as {@link EventStore.list} does, as summaries (no body, headers or deliveries). */
  listSummaries(options: ListEventsOptions): Promise<EventPage<EventSummary>>;
  /** Set the event's status and its `error` (cleared when `error` is omitted). */
  setStatus(id: string, status: EventStatus, updatedAt: number, error?: EventError): Promise<void>;
  /** Add deliveries (fan-out) that are not present yet; resolves with the state of all deliveries. */
  addDeliveries(
    id: string,
    deliveries: readonly DeliveryRecord[],
    options?: AddDeliveriesOptions,
  ): Promise<readonly DeliveryState[]>;
  /** Append an attempt to a delivery and optionally change its status. */
  recordAttempt(
    id: string,
    deliveryId: string,
    attempt: AttemptRecord,
    status?: DeliveryStatus,
    options?: RecordAttemptOptions,
  ): Promise<readonly DeliveryState[]>;
  /** Set these deliveries back to `pending` (a replay); their attempts are kept. */
  resetDeliveries(
    id: string,
    deliveryIds: readonly string[],
    options?: ResetDeliveriesOptions,
  ): Promise<readonly DeliveryState[]>;
}
