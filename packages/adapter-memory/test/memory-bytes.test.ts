import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createHandlerDestination,
  createIngestor,
  createHmacSigner,
  createHmacVerifier,
  defineSource,
  silentLogger,
  type EventRecord,
  type EventStatus,
} from "@hookwise/core";
import { createFakeClock, signTestRequest } from "@hookwise/core/testing";
import {
  createMemoryAdapter,
  createMemoryEventStore,
  DEFAULT_MAX_EVENT_BYTES,
} from "@hookwise/adapter-memory";
import { estimateValueBytes, recordBytes, RECORD_OVERHEAD_BYTES } from "../src/record-size.ts";

const KIB = 1024;

function record(id: string, status: EventStatus, bodyBytes: number): EventRecord {
  return {
    id,
    source: "acme",
    type: "order.completed",
    idempotencyKey: id,
    fingerprint: "fp",
    receivedAt: 0,
    updatedAt: 0,
    status,
    headers: { "content-type": "application/json" },
    body: new Uint8Array(bodyBytes),
    deliveries: [],
  };
}

async function ids(store: ReturnType<typeof createMemoryEventStore>): Promise<string[]> {
  return (await store.list({ limit: 100 })).records.map((r) => r.id);
}

describe("the memory event store's byte budget", () => {
  it("defaults to 256 MiB and validates the option", () => {
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(256 * 1024 * 1024);
    expect(() => createMemoryEventStore({ maxBytes: 0 })).toThrow(ConfigurationError);
    expect(() => createMemoryAdapter({ maxBytes: -1, logger: silentLogger })).toThrow(/maxBytes/);
  });

  it("counts body bytes, headers and outputs, evicts settled records first, then refuses with 503 + Retry-After", async () => {
    const store = createMemoryEventStore({ clock: createFakeClock(), maxBytes: 300 * KIB });
    await store.insert(record("queued-1", "queued", 100 * KIB));
    await store.insert(record("done-1", "delivered", 100 * KIB));
    // Over budget: the settled record goes, the queued one stays.
    await store.insert(record("queued-2", "queued", 100 * KIB));
    expect(await ids(store)).toEqual(["queued-1", "queued-2"]);
    await store.insert(record("queued-3", "queued", 50 * KIB));
    const refused = store.insert(record("queued-4", "queued", 100 * KIB));
    await expect(refused).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
      status: 503,
      headers: { "retry-after": "30" },
    });
    expect(await ids(store)).toEqual(["queued-1", "queued-2", "queued-3"]);
    // Room again once records are gone.
    await store.delete("queued-2");
    await store.insert(record("queued-4", "queued", 100 * KIB));
  });

  it("refuses a single record larger than the budget", async () => {
    const store = createMemoryEventStore({ maxBytes: 10 * KIB });
    await expect(store.insert(record("big", "queued", 20 * KIB))).rejects.toMatchObject({
      status: 503,
    });
  });

  it("estimates outputs without recursion, deep or wide", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(estimateValueBytes(deep)).toBeGreaterThan(100_000 * 32);
    expect(estimateValueBytes({ text: "x".repeat(1_000) })).toBeGreaterThan(1_000);
    const base = record("r", "queued", 10);
    expect(recordBytes(base)).toBeGreaterThanOrEqual(RECORD_OVERHEAD_BYTES + 10 + 28);
    const withOutput = {
      ...base,
      deliveries: [
        {
          id: "d",
          destination: "x",
          transformer: "t@1",
          status: "pending" as const,
          output: { blob: "y".repeat(50_000) },
          attempts: [],
        },
      ],
    };
    expect(recordBytes(withOutput) - recordBytes(base)).toBeGreaterThan(50_000);
  });

  it("answers 503 with Retry-After through an ingestor once the budget is full of accepted events", async () => {
    const clock = createFakeClock();
    const scheme = { secret: "bytes-secret", header: "x-sig", prefix: "sha256=" } as const;
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ clock, logger: silentLogger, maxBytes: 64 * KIB }),
      sources: [
        defineSource({
          name: "shop",
          verifier: createHmacVerifier(scheme),
          id: ({ payload }) => (payload as { id?: string }).id,
          type: () => "order",
        }),
      ],
      transformers: [
        { name: "t", source: "shop", type: "order", to: ["sink"], transform: (e) => e.payload },
      ],
      destinations: [createHandlerDestination("sink", () => undefined)],
      clock,
      logger: silentLogger,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const request = await signTestRequest({
        signer: createHmacSigner(scheme),
        url: "http://127.0.0.1/webhooks/shop",
        body: JSON.stringify({ id: `e${i}`, pad: "p".repeat(10 * KIB) }),
        now: clock.now(),
      });
      const response = await ingestor.fetch(request, { source: "shop" });
      statuses.push(response.status);
      if (response.status === 503) expect(response.headers.get("retry-after")).toBe("30");
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.at(-1)).toBe(503);
    await ingestor.close();
  });
});
