/**
 * An idempotency key for providers that post a batch of events in one request (HubSpot, SendGrid):
 * the number of events with the keys of the first and the last. A retried batch is the same bytes,
 * so it gets the same key; a different batch sharing both ends and the count but not the content
 * is reported as a conflict (409) by the idempotency store, never merged.
 */

/**
 * `batch:<count>:<first>:<last>` from each event's key; `undefined` when any event lacks one.
 * @internal
 */
export function batchKey(
  events: unknown,
  keyOf: (event: unknown) => string | undefined,
): string | undefined {
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const first = keyOf(events[0]);
  const last = keyOf(events[events.length - 1]);
  if (first === undefined || last === undefined) return undefined;
  return events.length === 1 ? first : `batch:${events.length}:${first}:${last}`;
}
