import {
  BackendUnavailableError,
  ClosedError,
  EventExistsError,
  EventNotFoundError,
  systemClock,
  type Clock,
  type DeliveryState,
  type DeliveryWithEvent,
  type EventPage,
  type EventRecord,
  type EventStatus,
  type EventStore,
  type ListEventsOptions,
} from "@hookwise/core";
import {
  copyDelivery,
  copyRecord,
  deliveryStates,
  mergeDeliveries,
  isPending,
  summaryOf,
  withAttempt,
  withDeliveriesReset,
  withStatus,
} from "./event-record-updates.ts";
import { recordBytes } from "./record-size.ts";
import { sequencePage } from "./sequence-page.ts";
import { durationMs, positiveLimit, promised } from "./validate-option.ts";

/** Default {@link MemoryEventStoreOptions.maxEvents}. */
export const DEFAULT_MAX_EVENTS = 10_000;
/** Default {@link MemoryEventStoreOptions.maxBytes}: 256 MiB, sized for a small service. */
export const DEFAULT_MAX_EVENT_BYTES: number = 256 * 1024 * 1024;
/** Seconds a sender refused by a full store is told to wait (`Retry-After`). */
const FULL_RETRY_AFTER_SECONDS = 30;
/** Default {@link MemoryEventStoreOptions.eventTtlMs}: 7 days. */
export const DEFAULT_EVENT_TTL_MS: number = 7 * 24 * 60 * 60 * 1_000;

/**
 * Options of {@link createMemoryEventStore}.
 * @category Adapters
 */
export interface MemoryEventStoreOptions {
  /**
   * Time source for {@link MemoryEventStoreOptions.eventTtlMs}.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Most records held at once. To make room, expired records go first, then the oldest settled ones
   * (delivered, dead-lettered, ignored, conflict). When every record is still queued or processing,
   * `insert` of a new record rejects with `BackendUnavailableError` (a 503 the sender retries) rather
   * than drop an accepted event. A positive integer or `Infinity`.
   * @default 10_000 ({@link DEFAULT_MAX_EVENTS})
   */
  readonly maxEvents?: number;
  /**
   * Most bytes the records may hold, counted on what the store really keeps: body bytes, header
   * names and values, and an estimate of each delivery's output and attempts (see
   * docs/adapters/memory.md). Settled records make room first; when the rest still does not fit, a
   * new record is refused with `BackendUnavailableError` (503 with `Retry-After`). Updates of
   * records already held are never refused: they count, and delay the next insert. A positive
   * integer or `Infinity`.
   * @default 268_435_456 (256 MiB, {@link DEFAULT_MAX_EVENT_BYTES})
   */
  readonly maxBytes?: number;
  /**
   * How long a settled record is kept after its last change, in milliseconds; records still queued
   * or processing never expire. A positive number or `Infinity`.
   * @default 604_800_000 (7 days, {@link DEFAULT_EVENT_TTL_MS})
   */
  readonly eventTtlMs?: number;
}

/**
 * An {@link EventStore} in a bounded `Map`, in insertion order. Records are copied on the way in
 * and out, so callers never share an object with the store.
 * @category Adapters
 */
export interface MemoryEventStore extends EventStore {
  /** Records held now (expired ones count until they are read or evicted). */
  readonly size: number;
  /** Forget everything; later calls reject with `ClosedError`. */
  close(): void;
}

interface Entry {
  /** Insertion sequence: the cursor, stable while other records come and go. */
  readonly seq: number;
  record: EventRecord;
  /** Store time of the last change, for the TTL. */
  touchedAt: number;
  /** What the record counts against `maxBytes` ({@link recordBytes}). */
  bytes: number;
}

/** The store's state; {@link createMemoryIntake} works on it directly to stay synchronous. @internal */
export interface EventStoreState {
  readonly clock: Clock;
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly eventTtlMs: number;
  /** Map order is insertion order, hence `seq` order. */
  entries: Map<string, Entry>;
  /** Sum of the entries' `bytes`. */
  bytes: number;
  nextSeq: number;
  closed: boolean;
}

const SETTLED: ReadonlySet<EventStatus> = new Set<EventStatus>([
  "delivered",
  "dead_lettered",
  "ignored",
  "conflict",
]);

/** A memory event store together with its state, for the adapter's intake. @internal */
export interface MemoryEventStoreParts {
  readonly store: MemoryEventStore;
  readonly state: EventStoreState;
}

/**
 * Create an in-memory {@link EventStore}; {@link createMemoryAdapter} uses it.
 * @example
 * const events = createMemoryEventStore({ maxEvents: 1_000 });
 * const page = await events.list({ status: "dead_lettered", limit: 50 });
 * @category Adapters
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): MemoryEventStore {
  return createMemoryEventStoreParts(options).store;
}

/** {@link createMemoryEventStore}, with the state exposed to the adapter. @internal */
export function createMemoryEventStoreParts(
  options: MemoryEventStoreOptions = {},
): MemoryEventStoreParts {
  const state: EventStoreState = {
    clock: options.clock ?? systemClock,
    maxEvents: positiveLimit("maxEvents", options.maxEvents ?? DEFAULT_MAX_EVENTS),
    maxBytes: positiveLimit("maxBytes", options.maxBytes ?? DEFAULT_MAX_EVENT_BYTES),
    eventTtlMs: durationMs("eventTtlMs", options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS, 1, true),
    entries: new Map(),
    bytes: 0,
    nextSeq: 1,
    closed: false,
  };
  const store: MemoryEventStore = {
    get size() {
      return state.entries.size;
    },
    insert: (record) => promised(() => insertRecord(state, record)),
    get: (id) =>
      promised(() => {
        const entry = liveEntry(state, id);
        return entry === undefined ? undefined : copyRecord(entry.record);
      }),
    getForProcessing: (id, processingAt) =>
      promised(() => {
        const entry = liveEntry(state, id);
        if (entry?.record.status === "queued")
          update(state, id, (record) => withStatus(record, "processing", processingAt));
        return entry === undefined ? undefined : copyRecord(entry.record);
      }),
    getDelivery: (eventId, deliveryId) =>
      promised((): DeliveryWithEvent | undefined => {
        const record = liveEntry(state, eventId)?.record;
        const delivery = record?.deliveries.find((candidate) => candidate.id === deliveryId);
        if (record === undefined || delivery === undefined) return undefined;
        return { event: summaryOf(record), delivery: copyDelivery(delivery) };
      }),
    delete: (id) => promised(() => deleteRecord(state, id)),
    list: (listOptions) => promised(() => listPage(state, listOptions, copyRecord)),
    listSummaries: (listOptions) => promised(() => listPage(state, listOptions, summaryOf)),
    setStatus: (id, status, updatedAt, error) =>
      promised(() => {
        update(state, id, (record) => withStatus(record, status, updatedAt, error));
      }),
    addDeliveries: (id, added, options) =>
      promised((): readonly DeliveryState[] => {
        const merged = update(state, id, (record) => {
          const next = { ...record, deliveries: mergeDeliveries(record.deliveries, added) };
          if (!next.deliveries.some(isPending)) return settled(next, options?.settleAt);
          const at = options?.processingAt;
          return at === undefined ? next : withStatus(next, "processing", at);
        });
        return deliveryStates(merged.deliveries);
      }),
    recordAttempt: (id, deliveryId, attempt, status, options) =>
      promised((): readonly DeliveryState[] => {
        const changed = update(state, id, (record) => {
          const next = withAttempt(record, deliveryId, attempt, status);
          return next.deliveries.some(isPending) ? next : settled(next, options?.settleAt);
        });
        return deliveryStates(changed.deliveries);
      }),
    resetDeliveries: (id, deliveryIds, options) =>
      promised((): readonly DeliveryState[] => {
        const changed = update(state, id, (record) => {
          const reset = withDeliveriesReset(record, deliveryIds);
          return options === undefined
            ? reset
            : withStatus(reset, options.status, options.updatedAt);
        });
        return deliveryStates(changed.deliveries);
      }),
    close() {
      state.closed = true;
      state.entries = new Map();
      state.bytes = 0;
    },
  };
  return { store, state };
}

/** The record settled at `at` (no delivery is pending): dead-lettered when any delivery is. */
function settled(record: EventRecord, at: number | undefined): EventRecord {
  if (at === undefined) return record;
  const dead = record.deliveries.some((delivery) => delivery.status === "dead_lettered");
  return withStatus(record, dead ? "dead_lettered" : "delivered", at);
}

function expired(state: EventStoreState, entry: Entry, now: number): boolean {
  return SETTLED.has(entry.record.status) && now - entry.touchedAt >= state.eventTtlMs;
}

/** The entry unless it is missing or expired (expiry is checked lazily, here). @internal */
export function liveEntry(state: EventStoreState, id: string): Entry | undefined {
  if (state.closed) throw new ClosedError("The memory event store");
  const entry = state.entries.get(id);
  if (entry === undefined || !expired(state, entry, state.clock.now())) return entry;
  removeEntry(state, id, entry);
  return undefined;
}

function removeEntry(state: EventStoreState, id: string, entry: Entry): void {
  state.entries.delete(id);
  state.bytes -= entry.bytes;
}

/** Stores a copy of a new record, making room first; synchronous. @internal */
export function insertRecord(state: EventStoreState, record: EventRecord): void {
  if (liveEntry(state, record.id) !== undefined) throw new EventExistsError();
  const now = state.clock.now();
  const bytes = recordBytes(record);
  makeRoom(state, now);
  makeRoomForBytes(state, now, bytes);
  state.entries.set(record.id, {
    seq: state.nextSeq++,
    record: copyRecord(record),
    touchedAt: now,
    bytes,
  });
  state.bytes += bytes;
}

/** Removes a record; synchronous. @internal */
export function deleteRecord(state: EventStoreState, id: string): boolean {
  const entry = liveEntry(state, id);
  if (entry === undefined) return false;
  removeEntry(state, id, entry);
  return true;
}

function update(
  state: EventStoreState,
  id: string,
  change: (record: EventRecord) => EventRecord,
): EventRecord {
  const entry = liveEntry(state, id);
  if (entry === undefined) throw new EventNotFoundError();
  entry.record = change(entry.record);
  entry.touchedAt = state.clock.now();
  const bytes = recordBytes(entry.record);
  state.bytes += bytes - entry.bytes;
  entry.bytes = bytes;
  return entry.record;
}

/**
 * Evicts the oldest records that are expired or settled; refuses rather than drop work in progress.
 * Once full it evicts a batch (1% of the bound) in one pass, oldest first: a `Map` keeps deleted
 * slots until it rehashes, so scanning from the start on every insert would skip ever more holes.
 */
function makeRoom(state: EventStoreState, now: number): void {
  if (state.entries.size < state.maxEvents) return;
  const batch = Math.max(1, Math.ceil(Math.min(state.maxEvents, 1_000_000) / 100));
  let evicted = 0;
  for (const [id, entry] of state.entries) {
    if (!expired(state, entry, now) && !SETTLED.has(entry.record.status)) continue;
    removeEntry(state, id, entry);
    if (++evicted >= batch) break;
  }
  if (state.entries.size >= state.maxEvents) {
    throw new BackendUnavailableError(
      "The memory event store is full of events still in progress; the event was not accepted. Raise `maxEvents` or use a durable adapter.",
    );
  }
}

/**
 * Evicts the oldest expired or settled records until `bytes` more fit under `maxBytes`; refuses
 * (503 with `Retry-After`) rather than drop work in progress.
 */
function makeRoomForBytes(state: EventStoreState, now: number, bytes: number): void {
  if (state.bytes + bytes <= state.maxBytes) return;
  for (const [id, entry] of state.entries) {
    if (!expired(state, entry, now) && !SETTLED.has(entry.record.status)) continue;
    removeEntry(state, id, entry);
    if (state.bytes + bytes <= state.maxBytes) return;
  }
  throw new BackendUnavailableError(
    "The memory event store's byte budget is taken by events still in progress; the event was not accepted. Raise `maxBytes` or use a durable adapter.",
    { retryAfterSeconds: FULL_RETRY_AFTER_SECONDS },
  );
}

function listPage<R>(
  state: EventStoreState,
  options: ListEventsOptions,
  read: (record: EventRecord) => R,
): EventPage<R> {
  return sequencePage(
    state.entries.values(),
    options,
    (entry) =>
      liveEntry(state, entry.record.id) !== undefined &&
      (options.status === undefined || entry.record.status === options.status),
    (entry) => read(entry.record),
  );
}
