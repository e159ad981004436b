import { describe, expect, it } from "vitest";
import { toEventView } from "../../src/events/event-view.ts";
import type { EventRecord } from "../../src/events/event-record.ts";
import { createHarness, json, order, SECRET, signed } from "../helpers/ingest-harness.ts";

function record(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: "hw_1",
    source: "shop",
    type: "order.completed",
    idempotencyKey: "ord_1",
    fingerprint: "f",
    receivedAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
    status: "delivered",
    headers: {
      "content-type": "application/json",
      authorization: "Bearer abc",
      cookie: "session=1",
      "x-shop-signature": "sha256=deadbeef",
      "x-api-key": "k",
      "x-gitlab-token": "t",
      "x-hub-secret": "s",
      "x-webhook-hmac": "h",
      "x-request-id": "r1",
    },
    body: new TextEncoder().encode('{"id":"ord_1"}'),
    deliveries: [],
    ...overrides,
  };
}

describe("toEventView", () => {
  it("gives the body as text, masks credential headers and shows the provider's id", () => {
    const view = toEventView(record());
    expect(view).toMatchObject({
      id: "hw_1",
      providerEventId: "ord_1",
      body: '{"id":"ord_1"}',
      bodyEncoding: "utf8",
      receivedAt: "2026-01-01T00:00:00.000Z",
      occurredAt: null,
      error: null,
    });
    expect(view.headers).toEqual({
      "content-type": "application/json",
      authorization: "[masked]",
      cookie: "[masked]",
      "x-shop-signature": "[masked]",
      "x-api-key": "[masked]",
      "x-gitlab-token": "[masked]",
      "x-hub-secret": "[masked]",
      "x-webhook-hmac": "[masked]",
      "x-request-id": "r1",
    });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it("gives a body that is not UTF-8 as base64", () => {
    const view = toEventView(record({ body: new Uint8Array([0xff, 0xfe, 0x00]) }));
    expect(view).toMatchObject({ body: "//4A", bodyEncoding: "base64" });
  });

  it("leaves out the body and outputs with { payload: false }", async () => {
    const { ingestor, clock } = createHarness();
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_view"))));
    await clock.advance(0);
    const stored = await ingestor.getEvent(String(id));
    const full = toEventView(stored!);
    expect(full.deliveries[0]?.output).toEqual({ orderId: "ord_view", total: 4200 });
    const bare = toEventView(stored!, { payload: false });
    expect(bare).not.toHaveProperty("body");
    expect(bare.deliveries[0]).not.toHaveProperty("output");
    const text = JSON.stringify(full);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/sha256=[0-9a-f]/);
    expect(full.providerEventId).toBe("ord_view");
    expect(full.id).toMatch(/^hw_[0-9a-f]{32}$/);
    await ingestor.close();
  });
});
