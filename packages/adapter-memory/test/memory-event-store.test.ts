import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import type { EventRecord, EventStatus } from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { createMemoryEventStore } from "@hookwise/adapter-memory";

function record(
  id: string,
  status: EventStatus = "queued",
  body: Uint8Array = new Uint8Array([1, 2]),
): EventRecord {
  return {
    id,
    source: "acme",
    type: "order.completed",
    idempotencyKey: id,
    fingerprint: "fp",
    receivedAt: 0,
    updatedAt: 0,
    status,
    headers: {},
    body,
    deliveries: [],
  };
}

async function ids(store: ReturnType<typeof createMemoryEventStore>): Promise<string[]> {
  return (await store.list({ limit: 100 })).records.map((r) => r.id);
}

describe("createMemoryEventStore", () => {
  it("makes room by evicting the oldest settled record, never one in progress", async () => {
    const store = createMemoryEventStore({ clock: createFakeClock(), maxEvents: 3 });
    await store.insert(record("queued-1"));
    await store.insert(record("delivered-1", "delivered"));
    await store.insert(record("ignored-1", "ignored"));
    await store.insert(record("queued-2"));
    expect(await ids(store)).toEqual(["queued-1", "ignored-1", "queued-2"]);
    await store.insert(record("queued-3"));
    expect(await ids(store)).toEqual(["queued-1", "queued-2", "queued-3"]);
  });

  it("refuses a new record with BACKEND_UNAVAILABLE when every record is in progress", async () => {
    const store = createMemoryEventStore({ clock: createFakeClock(), maxEvents: 2 });
    await store.insert(record("a"));
    await store.insert(record("b", "processing"));
    await expect(store.insert(record("c"))).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
      status: 503,
    });
    await store.setStatus("b", "delivered", 1);
    expect(store.size).toBe(2);
    await store.insert(record("c"));
    expect(await ids(store)).toEqual(["a", "c"]);
  });

  it("forgets settled records eventTtlMs after their last change and keeps those in progress", async () => {
    const clock = createFakeClock();
    const store = createMemoryEventStore({ clock, eventTtlMs: 1_000 });
    await store.insert(record("done", "delivered"));
    await store.insert(record("waiting"));
    await clock.advance(999);
    expect(await store.get("done")).toBeDefined();
    await store.setStatus("waiting", "dead_lettered", clock.now());
    await clock.advance(1);
    expect(await store.get("done")).toBeUndefined();
    expect(await ids(store)).toEqual(["waiting"]);
    await clock.advance(999);
    expect(await store.get("waiting")).toBeUndefined();
  });

  it("copies only the bytes of a body that is a slice of a pooled Buffer", async () => {
    const store = createMemoryEventStore();
    const pooled = Buffer.from('{"id":"evt_1"}');
    await store.insert(record("evt-1", "queued", pooled));
    const got = await store.get("evt-1");
    expect(got?.body.byteLength).toBe(pooled.byteLength);
    expect(got?.body.buffer.byteLength).toBe(pooled.byteLength);
    expect(Buffer.from(got?.body ?? []).equals(pooled)).toBe(true);
  });

  it("rejects a cursor it did not issue", async () => {
    const store = createMemoryEventStore();
    await expect(store.list({ limit: 10, cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });
});
