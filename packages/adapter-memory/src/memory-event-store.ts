import {
  BackendUnavailableError,
  ClosedError,
  ConfigurationError,
  EventNotFoundError,
  systemClock,
  type Clock,
  type EventPage,
  type EventRecord,
  type EventStatus,
  type EventStore,
  type ListEventsOptions,
} from "@hookwise/core";
import {
  copyDeliveries,
  copyRecord,
  mergeDeliveries,
  withAttempt,
} from "./event-record-updates.ts";
import { durationMs, positiveLimit, promised } from "./validate-option.ts";

/** Default {@link MemoryEventStoreOptions.maxEvents}. */
export const DEFAULT_MAX_EVENTS = 10_000;
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
   * `put` of a new record rejects with `BackendUnavailableError` (a 503 the sender retries) rather
   * than drop an accepted event. A positive integer or `Infinity`.
   * @default 10_000 ({@link DEFAULT_MAX_EVENTS})
   */
  readonly maxEvents?: number;
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
}

interface StoreState {
  readonly clock: Clock;
  readonly maxEvents: number;
  readonly eventTtlMs: number;
  /** Map order is insertion order, hence `seq` order: a replaced record keeps its place. */
  entries: Map<string, Entry>;
  nextSeq: number;
  closed: boolean;
}

const SETTLED: ReadonlySet<EventStatus> = new Set<EventStatus>([
  "delivered",
  "dead_lettered",
  "ignored",
  "conflict",
]);

/**
 * Create an in-memory {@link EventStore}; {@link createMemoryAdapter} uses it.
 * @example
 * const events = createMemoryEventStore({ maxEvents: 1_000 });
 * const page = await events.list({ status: "dead_lettered", limit: 50 });
 * @category Adapters
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): MemoryEventStore {
  const state: StoreState = {
    clock: options.clock ?? systemClock,
    maxEvents: positiveLimit("maxEvents", options.maxEvents ?? DEFAULT_MAX_EVENTS),
    eventTtlMs: durationMs("eventTtlMs", options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS, 1, true),
    entries: new Map(),
    nextSeq: 1,
    closed: false,
  };
  return {
    get size() {
      return state.entries.size;
    },
    put: (record) => promised(() => put(state, record)),
    get: (id) =>
      promised(() => {
        const entry = live(state, id);
        return entry === undefined ? undefined : copyRecord(entry.record);
      }),
    delete: (id) => promised(() => live(state, id) !== undefined && state.entries.delete(id)),
    list: (listOptions) => promised(() => listPage(state, listOptions)),
    setStatus: (id, status, updatedAt) =>
      promised(() => {
        update(state, id, (record) => ({ ...record, status, updatedAt }));
      }),
    addDeliveries: (id, added) =>
      promised(() => {
        const merged = update(state, id, (record) => ({
          ...record,
          deliveries: mergeDeliveries(record.deliveries, added),
        }));
        return copyDeliveries(merged.deliveries);
      }),
    recordAttempt: (id, deliveryId, attempt, status) =>
      promised(() => {
        const changed = update(state, id, (record) =>
          withAttempt(record, deliveryId, attempt, status),
        );
        return copyDeliveries(changed.deliveries);
      }),
    close() {
      state.closed = true;
      state.entries = new Map();
    },
  };
}

function expired(state: StoreState, entry: Entry, now: number): boolean {
  return SETTLED.has(entry.record.status) && now - entry.touchedAt >= state.eventTtlMs;
}

/** The entry unless it is missing or expired (expiry is checked lazily, here). */
function live(state: StoreState, id: string): Entry | undefined {
  if (state.closed) throw new ClosedError("The memory event store");
  const entry = state.entries.get(id);
  if (entry === undefined || !expired(state, entry, state.clock.now())) return entry;
  state.entries.delete(id);
  return undefined;
}

function put(state: StoreState, record: EventRecord): void {
  const entry = live(state, record.id);
  const now = state.clock.now();
  if (entry !== undefined) {
    entry.record = copyRecord(record);
    entry.touchedAt = now;
    return;
  }
  makeRoom(state, now);
  state.entries.set(record.id, {
    seq: state.nextSeq++,
    record: copyRecord(record),
    touchedAt: now,
  });
}

function update(
  state: StoreState,
  id: string,
  change: (record: EventRecord) => EventRecord,
): EventRecord {
  const entry = live(state, id);
  if (entry === undefined) throw new EventNotFoundError();
  entry.record = change(entry.record);
  entry.touchedAt = state.clock.now();
  return entry.record;
}

/**
 * Evicts the oldest record that is expired or settled; refuses rather than drop work in progress.
 * Entries iterate oldest first, so the scan stops at the first candidate: O(1) per insert unless
 * the oldest records are all still in progress (a full store must not make every insert O(n)).
 */
function makeRoom(state: StoreState, now: number): void {
  while (state.entries.size >= state.maxEvents) {
    let victim: string | undefined;
    for (const [id, entry] of state.entries) {
      if (expired(state, entry, now) || SETTLED.has(entry.record.status)) {
        victim = id;
        break;
      }
    }
    if (victim === undefined) {
      throw new BackendUnavailableError(
        "The memory event store is full of events still in progress; the event was not accepted. Raise `maxEvents` or use a durable adapter.",
      );
    }
    state.entries.delete(victim);
  }
}

function listPage(state: StoreState, options: ListEventsOptions): EventPage {
  const limit = positiveLimit("limit", options.limit);
  const after = options.cursor === undefined ? 0 : Number(options.cursor);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new ConfigurationError("`cursor` must be a `nextCursor` returned by this store.");
  }
  const page: Entry[] = [];
  for (const entry of state.entries.values()) {
    if (entry.seq <= after || live(state, entry.record.id) === undefined) continue;
    if (options.status !== undefined && entry.record.status !== options.status) continue;
    if (page.length === limit) {
      return {
        records: page.map((e) => copyRecord(e.record)),
        nextCursor: String(page.at(-1)?.seq),
      };
    }
    page.push(entry);
  }
  return { records: page.map((e) => copyRecord(e.record)) };
}
