/**
 * Sample NewStore events for the simulator, the demo and the tests. The order is a web order from a
 * US store in USD with three lines, a line discount, an order-level coupon, per-line sales tax,
 * shipping, a gift card plus a card payment, and an earlier card authorisation that was voided.
 *
 * Its numbers add up to the cent (subtotal 341.33 − discounts 31.00 + shipping 7.95 + tax 27.19 =
 * 345.47), with prices as JSON numbers, so `18.95 × 3` (56.849999999999994 in floating point)
 * exercises the exact conversion to minor units.
 */
import type { NewstoreEvent, OrderCompletedEvent } from "./newstore-event.ts";

/** Ids that make one sample order distinct from another. */
export interface SampleIds {
  /** NewStore event id: the idempotency key. */
  readonly eventId?: string;
  readonly orderId?: string;
  readonly externalId?: string;
}

/** A valid `order.completed` event. */
export function sampleOrderCompletedEvent(ids: SampleIds = {}): OrderCompletedEvent {
  const orderId = ids.orderId ?? "5f0c2b1e-8d4a-4c7e-9b1f-2a6d3e8c7f10";
  return {
    id: ids.eventId ?? "evt-7a1d4c90-order-completed",
    tenant: "trailhead-outfitters",
    name: "order.completed",
    published_at: "2026-03-14T17:42:09.120Z",
    payload: {
      id: orderId,
      external_id: ids.externalId ?? "WEB-100234",
      channel_type: "web",
      store_id: "us-web",
      currency: "USD",
      placed_at: "2026-03-14T17:31:55.000Z",
      completed_at: "2026-03-14T17:42:08.000Z",
      customer: { id: "cust-88213", email: "jordan.lee@example.com" },
      items: [
        {
          id: "line-1",
          product_id: "prod-tr2",
          sku: "TR2-BLK-10",
          name: "Trail Runner 2, black, 10",
          quantity: 2,
          unit_price: 129.99,
        },
        {
          id: "line-2",
          product_id: "prod-mcs",
          sku: "MCS-GRY-M",
          name: "Merino crew sock 3-pack, M",
          quantity: 3,
          unit_price: 18.95,
        },
        {
          id: "line-3",
          product_id: "prod-wb",
          sku: "WB-750-SLV",
          name: "Insulated bottle 750 ml",
          quantity: 1,
          unit_price: "24.50",
        },
      ],
      discounts: [
        {
          id: "disc-1",
          code: "RUN10",
          description: "10% off trail shoes",
          amount: 26,
          item_id: "line-1",
        },
        { id: "disc-2", code: "WELCOME5", description: "$5 off a first order", amount: 5 },
      ],
      taxes: [
        {
          applies_to: "item",
          item_id: "line-1",
          name: "CA sales tax",
          rate: 0.08625,
          amount: 20.18,
        },
        { applies_to: "item", item_id: "line-2", name: "CA sales tax", rate: 0.08625, amount: 4.9 },
        {
          applies_to: "item",
          item_id: "line-3",
          name: "CA sales tax",
          rate: 0.08625,
          amount: 2.11,
        },
      ],
      shipping: { method: "Ground (3-5 days)", amount: 7.95 },
      payments: [
        {
          id: "pay-0",
          method: "credit_card",
          status: "voided",
          amount: 350.47,
          card_brand: "visa",
          last4: "4242",
        },
        { id: "pay-1", method: "gift_card", status: "captured", amount: 50 },
        {
          id: "pay-2",
          method: "credit_card",
          status: "captured",
          amount: 295.47,
          card_brand: "visa",
          last4: "4242",
        },
      ],
      totals: {
        subtotal: 341.33,
        discount_total: 31,
        shipping_total: 7.95,
        tax_total: 27.19,
        grand_total: 345.47,
      },
    },
  };
}

/** An `order.created` event: a type this integration does not forward (stored and ignored). */
export function sampleOrderCreatedEvent(eventId = "evt-7a1d4c8f-order-created"): NewstoreEvent {
  return {
    id: eventId,
    tenant: "trailhead-outfitters",
    name: "order.created",
    published_at: "2026-03-14T17:31:56.004Z",
    payload: { id: "5f0c2b1e-8d4a-4c7e-9b1f-2a6d3e8c7f10", external_id: "WEB-100234" },
  };
}
