import {
  EventNotFoundError,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type EventRecord,
} from "@hookwise/core";

/**
 * A deep copy with the body byte-exact. `new Uint8Array(view)` copies only the view's bytes, so a
 * body that is a slice of a pooled Node `Buffer` does not drag the whole pool along.
 * @internal
 */
export function copyRecord(record: EventRecord): EventRecord {
  const { body, ...rest } = record;
  return { ...structuredClone(rest), body: new Uint8Array(body) };
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
  return [...current, ...structuredClone(fresh)];
}

/**
 * The record with `attempt` appended to one delivery and its status changed when given.
 * @internal
 */
export function withAttempt(
  record: EventRecord,
  deliveryId: string,
  attempt: AttemptRecord | undefined,
  status: DeliveryStatus | undefined,
): EventRecord {
  // An unknown delivery is as missing as an unknown event: there is nothing to record on.
  if (!record.deliveries.some((d) => d.id === deliveryId)) throw new EventNotFoundError();
  const deliveries = record.deliveries.map((d) => {
    if (d.id !== deliveryId) return d;
    const attempts = attempt === undefined ? d.attempts : [...d.attempts, structuredClone(attempt)];
    return { ...d, status: status ?? d.status, attempts };
  });
  return { ...record, deliveries };
}
