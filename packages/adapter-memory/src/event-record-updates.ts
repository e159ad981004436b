import {
  EventNotFoundError,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type EventRecord,
} from "@hookwise/core";

/**
 * A deep copy with the body byte-exact. `new Uint8Array(view)` copies only the view's bytes, so a
 * body that is a slice of a pooled Node `Buffer` does not drag the whole pool along. Written for the
 * record's known shape rather than with `structuredClone`, which cost about a tenth of the server's
 * CPU in the HTTP bench: only user outputs, whose shape is unknown, are cloned generically. A new
 * object field on the record types must be copied here too.
 * @internal
 */
export function copyRecord(record: EventRecord): EventRecord {
  const { body, headers, deliveries, error, ...scalars } = record;
  return {
    ...scalars,
    headers: { ...headers },
    body: new Uint8Array(body),
    deliveries: copyDeliveries(deliveries),
    ...(error === undefined ? {} : { error: { ...error } }),
  };
}

/** Deep copies of deliveries (see {@link copyRecord}). @internal */
export function copyDeliveries(deliveries: readonly DeliveryRecord[]): DeliveryRecord[] {
  return deliveries.map(({ output, attempts, ...scalars }) => ({
    ...scalars,
    output: output !== null && typeof output === "object" ? structuredClone(output) : output,
    attempts: attempts.map(copyAttempt),
  }));
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
  attempt: AttemptRecord | undefined,
  status: DeliveryStatus | undefined,
): EventRecord {
  // An unknown delivery is as missing as an unknown event: there is nothing to record on.
  if (!record.deliveries.some((d) => d.id === deliveryId)) throw new EventNotFoundError();
  const deliveries = record.deliveries.map((d) => {
    if (d.id !== deliveryId) return d;
    const attempts = attempt === undefined ? d.attempts : [...d.attempts, copyAttempt(attempt)];
    return { ...d, status: status ?? d.status, attempts };
  });
  return { ...record, deliveries };
}
