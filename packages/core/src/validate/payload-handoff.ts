/** Payloads handed over at most; past it the oldest is dropped and its worker reads the bytes. */
const MAX_HANDED_OVER = 1_024;

/**
 * The ack path has parsed and validated every accepted payload already. When the worker runs in the
 * same process it takes that payload from here instead of parsing and validating the stored bytes
 * again. Bounded, and only a shortcut: a payload that is not here (another process, a restart, a
 * replay, an evicted entry) is read from the stored bytes with the same reader.
 * @internal
 */
export interface PayloadHandoff {
  /** Offer the validated payload of an accepted event. */
  give(eventId: string, payload: unknown): void;
  /** The payload for this event, once; `undefined` when none was handed over. */
  take(eventId: string): { readonly payload: unknown } | undefined;
}

/** @internal */
export function createPayloadHandoff(max: number = MAX_HANDED_OVER): PayloadHandoff {
  const payloads = new Map<string, unknown>();
  return {
    give(eventId, payload) {
      payloads.set(eventId, payload);
      if (payloads.size > max) payloads.delete(payloads.keys().next().value as string);
    },
    take(eventId) {
      if (!payloads.has(eventId)) return undefined;
      const payload = payloads.get(eventId);
      payloads.delete(eventId);
      return { payload };
    },
  };
}
