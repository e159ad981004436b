/**
 * Where an event is in its life.
 * - `queued`: stored and enqueued; the 202 was sent. Also a replayed event, until its queued
 *   deliveries run (the sweep then covers a stop before their jobs were added).
 * - `processing`: a worker has it: its transformers are running, or its deliveries are under way
 *   (or waiting for a retry).
 * - `delivered`: every delivery succeeded (or there was nothing to deliver).
 * - `dead_lettered`: at least one delivery ran out of attempts or failed for good; see `replay`.
 * - `ignored`: stored but not processed (unknown event type, or every transformer filtered it out).
 * - `conflict`: a payload that reused an accepted event's key; kept for inspection, never processed.
 */
export type EventStatus =
  "queued" | "processing" | "delivered" | "dead_lettered" | "ignored" | "conflict";

/** Where one delivery (one output to one destination) is. */
export type DeliveryStatus = "pending" | "succeeded" | "dead_lettered";

/** What went wrong, as recorded: a code and a message that hold no payload. */
export interface EventError {
  readonly code: string;
  readonly message: string;
}

/** One try at delivering. Times are epoch milliseconds. */
export interface AttemptRecord {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Whether this attempt delivered. */
  readonly ok: boolean;
  /** HTTP status from an HTTP destination. */
  readonly responseStatus?: number;
  /**
   * The start of the response body, as text, for senders that keep it (`@hookwise/outbound` keeps up
   * to its `responseBodyLimit`). What a receiver answered is its own words, so it is shown to whoever
   * may read the attempt log.
   */
  readonly responseBody?: string;
  /** What went wrong: a code and a message that hold no payload. */
  readonly error?: EventError;
  /** When the attempt failed and will be retried: the delay before the next one. */
  readonly nextAttemptInMs?: number;
  /**
   * True on the attempt after which the delivery was dead-lettered. A replay starts a new round:
   * the retry policy counts only the attempts after the last `final` one.
   */
  readonly final?: boolean;
}

/** One output of a transformer bound for one destination. */
export interface DeliveryRecord {
  /** Stable id: the same event, transformer, output index and destination always give the same id. */
  readonly id: string;
  /** Destination name. */
  readonly destination: string;
  /** `name@version` of the transformer that produced the output. */
  readonly transformer: string;
  readonly status: DeliveryStatus;
  /** The transformed payload that is delivered (JSON-serialisable). */
  readonly output: unknown;
  readonly attempts: readonly AttemptRecord[];
}

/** Everything hookwise keeps about one received event. Times are epoch milliseconds. */
export interface EventRecord {
  /** hookwise's id, derived from source and idempotency key (so a retry maps to the same record). */
  readonly id: string;
  /** Source name. */
  readonly source: string;
  /** Event type as the source names it (e.g. `order.completed`). */
  readonly type: string;
  /** The idempotency key the source derived (usually the provider's event id). */
  readonly idempotencyKey: string;
  /** SHA-256 of the raw body, hex. */
  readonly fingerprint: string;
  readonly receivedAt: number;
  /** When the provider says the event happened, if it says. */
  readonly occurredAt?: number;
  readonly updatedAt: number;
  readonly status: EventStatus;
  /** Request headers as received (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact raw body. */
  readonly body: Uint8Array;
  readonly deliveries: readonly DeliveryRecord[];
  /**
   * Why the event was dead-lettered before any delivery was planned (a transformer failed for
   * good): a code and a message that hold no payload. Cleared when the event is replayed.
   */
  readonly error?: EventError;
}
