import {
  EventNotFoundError,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryState,
  type DeliveryStatus,
  type EventError,
  type EventRecord,
  type EventStatus,
  type EventSummary,
} from "@hookwise/core";

/**
 * A deep copy with the body byte-exact. `new Uint8Array(view)` copies only the view's bytes, so a
 * body that is a slice of a pooled Node `Buffer` does not drag the whole pool along. Written for the
 * record's known shape rather than with `structuredClone` (see docs/benchmarks.md): only user
 * outputs, whose shape is unknown, are cloned generically. A new object field on the record types
 * must be copied here too.
 * @internal
 */
export function copyRecord(record: EventRecord): EventRecord {
  const copy: Mutable<EventRecord> = {
    id: record.id,
    source: record.source,
    type: record.type,
    idempotencyKey: record.idempotencyKey,
    fingerprint: record.fingerprint,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
    status: record.status,
    headers: { ...record.headers },
    body: new Uint8Array(record.body),
    deliveries: record.deliveries.length === 0 ? [] : copyDeliveries(record.deliveries),
  };
  if (record.occurredAt !== undefined) copy.occurredAt = record.occurredAt;
  if (record.error !== undefined)
    copy.error = { code: record.error.code, message: record.error.message };
  return copy;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Deep copies of deliveries (see {@link copyRecord}). @internal */
export function copyDeliveries(deliveries: readonly DeliveryRecord[]): DeliveryRecord[] {
  return deliveries.map(copyDelivery);
}

/** A deep copy of one delivery (see {@link copyRecord}). @internal */
export function copyDelivery(delivery: DeliveryRecord): DeliveryRecord {
  return {
    ...delivery,
    output: copyOutput(delivery.output),
    attempts: delivery.attempts.map(copyAttempt),
  };
}

/** Past this depth a plain copy hands over to `structuredClone` (which also keeps shared references). */
const MAX_PLAIN_COPY_DEPTH = 32;

/**
 * A deep copy of a transformer's output. Outputs are JSON-like data, which a plain recursive copy
 * handles an order of magnitude faster than `structuredClone` (its per-call set-up dominates small
 * values); anything else (a Date, a Map, a class instance, a very deep value) goes to
 * `structuredClone`, with its semantics.
 * @internal
 */
export function copyOutput(value: unknown, depth = 0): unknown {
  // Functions and symbols cannot be copied: structuredClone says so, as it always did here.
  if (typeof value === "function" || typeof value === "symbol") return structuredClone(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_PLAIN_COPY_DEPTH) return structuredClone(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value);
    return value.map((item: unknown) => copyOutput(item, depth + 1));
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const copied = copyOutput(item, depth + 1);
    // An own `__proto__` key (JSON.parse makes one) must stay a key, not become the prototype.
    if (key === "__proto__") {
      Object.defineProperty(copy, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      copy[key] = copied;
    }
  }
  return copy;
}

/**
 * The record without body, headers and deliveries: a fresh object of scalars. Field by field, not
 * with rest and spread: V8's generic property copy made that several times slower (see
 * docs/benchmarks.md). A new scalar field on `EventRecord` must be added here.
 * @internal
 */
export function summaryOf(record: EventRecord): EventSummary {
  const summary: Mutable<EventSummary> = {
    id: record.id,
    source: record.source,
    type: record.type,
    idempotencyKey: record.idempotencyKey,
    fingerprint: record.fingerprint,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
    status: record.status,
  };
  if (record.occurredAt !== undefined) summary.occurredAt = record.occurredAt;
  if (record.error !== undefined)
    summary.error = { code: record.error.code, message: record.error.message };
  return summary;
}

/** Where each delivery stands, without outputs or attempts (nothing to copy). @internal */
export function deliveryStates(deliveries: readonly DeliveryRecord[]): DeliveryState[] {
  return deliveries.map(({ id, destination, status }) => ({ id, destination, status }));
}

function copyAttempt(attempt: AttemptRecord): AttemptRecord {
  return attempt.error === undefined ? { ...attempt } : { ...attempt, error: { ...attempt.error } };
}

/**
 * `current` plus copies of the `added` deliveries whose id is new, in order: a re-run of fan-out
 * after a crash adds nothing.
 * @internal
 */
export function mergeDeliveries(
  current: readonly DeliveryRecord[],
  added: readonly DeliveryRecord[],
): DeliveryRecord[] {
  const known = new Set(current.map((d) => d.id));
  const fresh = added.filter((d) => !known.has(d.id) && known.add(d.id));
  return [...current, ...copyDeliveries(fresh)];
}

/**
 * The record with `attempt` appended to one delivery and its status changed when given.
 * @internal
 */
export function withAttempt(
  record: EventRecord,
  deliveryId: string,
  attempt: AttemptRecord,
  status: DeliveryStatus | undefined,
): EventRecord {
  // An unknown delivery is as missing as an unknown event: there is nothing to record on.
  if (!record.deliveries.some((d) => d.id === deliveryId)) throw new EventNotFoundError();
  const deliveries = record.deliveries.map((d) => {
    if (d.id !== deliveryId) return d;
    return { ...d, status: status ?? d.status, attempts: [...d.attempts, copyAttempt(attempt)] };
  });
  return { ...record, deliveries };
}

/**
 * The record with these deliveries set back to `pending`, attempts kept (a replay).
 * @internal
 */
export function withDeliveriesReset(
  record: EventRecord,
  deliveryIds: readonly string[],
): EventRecord {
  const reset = new Set(deliveryIds);
  for (const id of reset) {
    if (!record.deliveries.some((d) => d.id === id)) throw new EventNotFoundError();
  }
  const deliveries = record.deliveries.map((d) =>
    reset.has(d.id) ? { ...d, status: "pending" as const } : d,
  );
  return { ...record, deliveries };
}

/** Whether a delivery still has attempts to make. @internal */
export const isPending = (delivery: DeliveryRecord): boolean => delivery.status === "pending";

/** The record with this status and error (cleared when none is given). @internal */
export function withStatus(
  record: EventRecord,
  status: EventStatus,
  updatedAt: number,
  error?: EventError,
): EventRecord {
  if (error !== undefined) {
    return { ...record, status, updatedAt, error: { code: error.code, message: error.message } };
  }
  if (record.error === undefined) return { ...record, status, updatedAt };
  // Clearing an error is rare (a replay): only then pay for the rest copy.
  const { error: _cleared, ...rest } = record;
  return { ...rest, status, updatedAt };
}
