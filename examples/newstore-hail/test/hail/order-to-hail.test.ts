import { isHookwiseError } from "@hookwise/core";
import { describe, expect, it } from "vitest";
import { hailTransactionSchema } from "../../src/hail/hail-transaction.ts";
import { mapOrderToHail } from "../../src/hail/order-to-hail.ts";
import type { OrderCompletedEvent } from "../../src/newstore/newstore-event.ts";
import { sampleOrderCompletedEvent } from "../../src/newstore/sample-events.ts";

type Order = OrderCompletedEvent["payload"];

function withOrder(change: (order: Order) => Partial<Order>): OrderCompletedEvent {
  const event = sampleOrderCompletedEvent();
  return { ...event, payload: { ...event.payload, ...change(event.payload) } };
}

function refusal(event: OrderCompletedEvent): { code: string; message: string } {
  try {
    mapOrderToHail(event);
  } catch (error) {
    if (isHookwiseError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the order to be refused");
}

describe("mapOrderToHail", () => {
  it("maps the sample order to a transaction Hail's schema accepts", () => {
    const transaction = mapOrderToHail(sampleOrderCompletedEvent());
    expect(hailTransactionSchema.parse(transaction)).toEqual(transaction);
    expect(transaction).toMatchObject({
      transaction_id: "5f0c2b1e-8d4a-4c7e-9b1f-2a6d3e8c7f10",
      receipt_number: "WEB-100234",
      type: "sale",
      occurred_at: "2026-03-14T17:42:08.000Z",
      location_id: "us-web",
      channel: "ecommerce",
      currency: "USD",
      customer: { reference: "cust-88213", email: "jordan.lee@example.com" },
      source: {
        system: "newstore",
        event_id: "evt-7a1d4c90-order-completed",
        order_id: "5f0c2b1e-8d4a-4c7e-9b1f-2a6d3e8c7f10",
      },
    });
  });

  it("computes line amounts in integer cents without float drift (18.95 × 3 is 5685, not 5684.9999…)", () => {
    const lines = mapOrderToHail(sampleOrderCompletedEvent()).line_items;
    expect(
      lines.map((line) => [line.sku, line.quantity, line.unit_price, line.gross_amount]),
    ).toEqual([
      ["TR2-BLK-10", 2, 12999, 25998],
      ["MCS-GRY-M", 3, 1895, 5685],
      ["WB-750-SLV", 1, 2450, 2450],
    ]);
    for (const line of lines) {
      expect(Number.isInteger(line.total_amount)).toBe(true);
      expect(line.total_amount).toBe(line.gross_amount - line.discount_amount + line.tax_amount);
    }
  });

  it("puts line discounts on their line and keeps order discounts at the order level", () => {
    const transaction = mapOrderToHail(sampleOrderCompletedEvent());
    expect(transaction.line_items.map((line) => line.discount_amount)).toEqual([2600, 0, 0]);
    expect(transaction.discounts).toEqual([
      {
        reference: "disc-1",
        code: "RUN10",
        description: "10% off trail shoes",
        amount: 2600,
        line_id: "line-1",
      },
      {
        reference: "disc-2",
        code: "WELCOME5",
        description: "$5 off a first order",
        amount: 500,
        line_id: null,
      },
    ]);
    expect(transaction.totals.discount).toBe(3100);
  });

  it("maps taxes per line with exact percentage rates, and tax on shipping to the shipping block", () => {
    const event = withOrder((order) => ({
      taxes: [
        ...order.taxes,
        { applies_to: "shipping", name: "Shipping tax", rate: "0.05", amount: "0.40" },
      ],
      totals: { ...order.totals, tax_total: 27.59, grand_total: 345.87 },
      payments: [{ id: "pay-9", method: "apple_pay", status: "captured", amount: 345.87 }],
    }));
    const transaction = mapOrderToHail(event);
    expect(transaction.line_items.map((line) => line.tax_amount)).toEqual([2018, 490, 211]);
    expect(transaction.taxes[0]).toEqual({
      name: "CA sales tax",
      rate_percent: "8.625",
      amount: 2018,
      line_id: "line-1",
    });
    expect(transaction.taxes[3]).toEqual({
      name: "Shipping tax",
      rate_percent: "5",
      amount: 40,
      line_id: null,
    });
    expect(transaction.shipping).toEqual({
      method: "Ground (3-5 days)",
      amount: 795,
      tax_amount: 40,
    });
    expect(transaction.totals).toEqual({
      subtotal: 34133,
      discount: 3100,
      shipping: 795,
      tax: 2759,
      total: 34587,
    });
  });

  it("turns captured payments into tenders, leaves voided ones out, and matches the total exactly", () => {
    const transaction = mapOrderToHail(sampleOrderCompletedEvent());
    expect(transaction.tenders).toEqual([
      { reference: "pay-1", type: "gift_card", amount: 5000, card_brand: null, last4: null },
      { reference: "pay-2", type: "card", amount: 29547, card_brand: "visa", last4: "4242" },
    ]);
    expect(transaction.totals).toEqual({
      subtotal: 34133,
      discount: 3100,
      shipping: 795,
      tax: 2719,
      total: 34547,
    });
  });

  it("uses the currency's own minor unit: yen have none", () => {
    const event = withOrder(() => ({
      currency: "JPY",
      items: [
        { id: "l1", product_id: "p1", sku: "TEA-1", name: "Sencha", quantity: 3, unit_price: 1480 },
      ],
      discounts: [{ id: "d1", code: null, description: "Member price", amount: 300 }],
      taxes: [
        { applies_to: "item", item_id: "l1", name: "Consumption tax", rate: 0.08, amount: 331 },
      ],
      shipping: null,
      payments: [{ id: "p", method: "cash", status: "captured", amount: 4471 }],
      totals: {
        subtotal: 4440,
        discount_total: 300,
        shipping_total: 0,
        tax_total: 331,
        grand_total: 4471,
      },
    }));
    const transaction = mapOrderToHail(event);
    expect(transaction.line_items[0]).toMatchObject({
      unit_price: 1480,
      gross_amount: 4440,
      total_amount: 4771,
    });
    expect(transaction.totals.total).toBe(4471);
    expect(transaction.tenders[0]).toMatchObject({ type: "cash", amount: 4471 });
    expect(transaction.shipping).toBeNull();
  });

  it("sends a guest checkout without a customer reference", () => {
    expect(mapOrderToHail(withOrder(() => ({ customer: null }))).customer).toBeNull();
  });

  it("refuses, without retrying, an order whose totals do not add up, naming the field but no amount", () => {
    const refused = refusal(
      withOrder((order) => ({ totals: { ...order.totals, grand_total: 345.48 } })),
    );
    expect(refused.code).toBe("DELIVERY_NON_RETRYABLE");
    expect(refused.message).toContain("totals.grand_total");
    expect(refused.message).not.toMatch(/345/);
  });

  it("refuses an order its captured payments do not cover", () => {
    const refused = refusal(
      withOrder((order) => ({
        payments: order.payments.filter((payment) => payment.id !== "pay-1"),
      })),
    );
    expect(refused.code).toBe("DELIVERY_NON_RETRYABLE");
    expect(refused.message).toContain("captured payments");
  });

  it("refuses a discount that points at a line the order does not have", () => {
    const refused = refusal(
      withOrder((order) => ({
        discounts: order.discounts.map((discount) => ({ ...discount, item_id: "line-404" })),
      })),
    );
    expect(refused.message).toContain("refers to a line");
  });
});
