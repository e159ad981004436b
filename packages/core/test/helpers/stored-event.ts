import type { Adapter, EventRecord } from "@hookwise/core";

/** What {@link storeEvent} needs; the rest of the record gets test defaults. */
export interface StoredEventInput {
  readonly id?: string;
  readonly source?: string;
  readonly type?: string;
  readonly payload?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly receivedAt?: number;
}

/**
 * Stores an event record and enqueues its "process" job, as the ingestor does once a request is
 * verified and validated (`createIngestor` does this for real).
 */
export async function storeEvent(
  adapter: Adapter,
  input: StoredEventInput = {},
): Promise<EventRecord> {
  const id = input.id ?? "hw_1";
  const receivedAt = input.receivedAt ?? Date.UTC(2026, 0, 1);
  const record: EventRecord = {
    id,
    source: input.source ?? "shop",
    type: input.type ?? "order.completed",
    idempotencyKey: id,
    fingerprint: "0".repeat(64),
    receivedAt,
    updatedAt: receivedAt,
    status: "queued",
    headers: { "content-type": "application/json", ...input.headers },
    body: new TextEncoder().encode(JSON.stringify(input.payload ?? { id: "ord_1", total: 4200 })),
    deliveries: [],
  };
  await adapter.events.insert(record);
  await adapter.queue.enqueue({ kind: "process", id: `process:${id}`, eventId: id });
  return record;
}
