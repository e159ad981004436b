import type { DeliveryContext } from "@hookwise/core";

/** A frozen delivery context as the worker builds it; `overrides` replace fields. */
export function deliveryContext(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return Object.freeze({
    eventId: "hw_1",
    deliveryId: "hw_1:order-to-partner@1:0:partner",
    idempotencyKey: "hw_1:order-to-partner@1:0:partner",
    destination: "partner",
    output: { orderId: "ord_1", total: 4200 },
    attempt: 1,
    signal: new AbortController().signal,
    event: { source: "shop", type: "order.completed", receivedAt: Date.UTC(2026, 0, 1) },
    ...overrides,
  });
}
