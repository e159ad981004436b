import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Destination } from "../../src/dispatch/destination.ts";
import { createHttpDestination } from "../../src/dispatch/http-destination.ts";
import { defineTransformer } from "../../src/transform/transformer.ts";
import { createHarness, json, order, shopSource, signed } from "../helpers/ingest-harness.ts";
import { useMswServer } from "../helpers/msw-server.ts";

const ERP_URL = "http://127.0.0.1:4010/orders";
const server = useMswServer();

const toErp = defineTransformer({
  name: "order-to-erp",
  source: shopSource,
  type: "order.completed",
  to: ["erp"],
  transform: ({ payload }) => ({ reference: payload.id, amountMinor: payload.data.total }),
});

function erpHarness() {
  return createHarness({
    transformers: [toErp],
    destinations: (clock) => [createHttpDestination({ name: "erp", url: ERP_URL, clock })],
    retry: { maxAttempts: 3, minDelayMs: 1_000, maxDelayMs: 60_000, factor: 2 },
  });
}

describe("a webhook through the whole pipeline", () => {
  it("delivers an order once after two failures, with three attempts, backoff per policy and one idempotency key", async () => {
    const keys: string[] = [];
    const bodies: unknown[] = [];
    let calls = 0;
    server.use(
      http.post(ERP_URL, async ({ request }) => {
        keys.push(request.headers.get("idempotency-key") ?? "");
        bodies.push(await request.json());
        calls++;
        return calls <= 2
          ? new HttpResponse(null, { status: 503 })
          : new HttpResponse(null, { status: 201 });
      }),
    );
    const { ingestor, clock } = erpHarness();
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_retry"))));
    await clock.advance(0);
    expect(calls).toBe(1);
    // random() = 0.5: after attempt 1 the wait is 1000 + 0.5 × (2000 − 1000) = 1500 ms.
    await clock.advance(1_499);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    // After attempt 2: 1000 + 0.5 × (4000 − 1000) = 2500 ms.
    await clock.advance(2_499);
    expect(calls).toBe(2);
    await clock.advance(1);
    expect(calls).toBe(3);

    const event = await ingestor.getEvent(String(id));
    expect(event?.status).toBe("delivered");
    expect(event?.deliveries[0]?.attempts.map((attempt) => attempt.responseStatus)).toEqual([
      503, 503, 201,
    ]);
    expect(new Set(keys).size).toBe(1);
    expect(bodies[2]).toEqual({ reference: "ord_retry", amountMinor: 4200 });
    await ingestor.close();
  });

  it("dead-letters an order the partner keeps refusing, and replay delivers it", async () => {
    let up = false;
    server.use(http.post(ERP_URL, () => new HttpResponse(null, { status: up ? 200 : 500 })));
    const { ingestor, clock } = erpHarness();
    const dead: string[] = [];
    ingestor.on("dead-lettered", ({ eventId }) => dead.push(eventId));
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_dead"))));
    await clock.runAll();

    expect(dead).toEqual([id]);
    const listed = await ingestor.listEvents({ status: "dead_lettered", limit: 10 });
    expect(listed.records.map((record) => record.id)).toEqual([id]);
    expect(listed.records[0]?.deliveries[0]?.attempts).toHaveLength(3);

    up = true;
    await ingestor.replay(String(id));
    await clock.runAll();
    const replayed = await ingestor.getEvent(String(id));
    expect(replayed?.status).toBe("delivered");
    expect(replayed?.deliveries[0]?.attempts.at(-1)?.responseStatus).toBe(200);
    await ingestor.close();
  });
});

describe("close()", () => {
  it("handles every event accepted before close instead of dropping it", async () => {
    const { ingestor, delivered } = createHarness({ realClock: true });
    ingestor.start();
    for (let index = 0; index < 5; index++) {
      expect((await ingestor.handle(await signed(order(`ord_close_${index}`)))).status).toBe(202);
    }
    await ingestor.close();
    expect(delivered).toHaveLength(5);
  });

  it("waits for a delivery in flight before resolving", async () => {
    let release: () => void = () => undefined;
    const slow: Destination = {
      name: "recorder",
      deliver: () => new Promise((resolve) => (release = () => resolve({}))),
    };
    const { ingestor } = createHarness({ destinations: [slow], realClock: true });
    let succeeded = false;
    ingestor.on("delivery.succeeded", () => (succeeded = true));
    ingestor.start();
    expect((await ingestor.handle(await signed(order("ord_slow")))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 20));

    let closed = false;
    const closing = ingestor.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(succeeded).toBe(true);
  });
});
