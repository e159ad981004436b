/**
 * NewStore `order.completed` → Hail transaction. The mapping table is in the README. Amounts are
 * converted to integer minor units once, at the edge, and every sum is an integer sum, so no
 * float drift reaches Hail. An order whose own totals do not add up, or whose captured payments do
 * not cover it, is refused with a `NonRetryableError`: retrying cannot fix the data, so the event
 * is dead-lettered for a human to look at and replay.
 */
import { NonRetryableError } from "@hookwise/core";
import type { NewstoreOrder, OrderCompletedEvent } from "../newstore/newstore-event.ts";
import type { HailLineItem, HailTender, HailTransaction } from "./hail-transaction.ts";
import { toMinorUnits, toPercentString } from "./minor-units.ts";

type Amount = number | string;
type Money = (value: Amount) => number;
type Discount = HailTransaction["discounts"][number];
type Tax = HailTransaction["taxes"][number];
type Totals = HailTransaction["totals"];

const CHANNELS = { web: "ecommerce", store: "in_store", mobile: "mobile_app" } as const;
const TENDER_TYPES: Readonly<
  Record<NewstoreOrder["payments"][number]["method"], HailTender["type"]>
> = {
  credit_card: "card",
  debit_card: "card",
  gift_card: "gift_card",
  cash: "cash",
  paypal: "wallet",
  apple_pay: "wallet",
  google_pay: "wallet",
  store_credit: "store_credit",
};

/**
 * Maps a validated `order.completed` event to the transaction Hail expects.
 * @throws NonRetryableError when the order is inconsistent (the message names the field, never a value).
 */
export function mapOrderToHail(event: OrderCompletedEvent): HailTransaction {
  const order = event.payload;
  const money: Money = (value) => exact(() => toMinorUnits(value, order.currency));
  const lineIds = new Set(order.items.map((item) => item.id));
  const discounts = order.discounts.map((discount) => ({
    reference: discount.id,
    code: discount.code,
    description: discount.description,
    amount: money(discount.amount),
    line_id: knownLine(discount.item_id ?? null, lineIds, "discounts"),
  }));
  const taxes = order.taxes.map((tax) => ({
    name: tax.name,
    rate_percent: exact(() => toPercentString(tax.rate)),
    amount: money(tax.amount),
    line_id: tax.applies_to === "item" ? knownLine(tax.item_id, lineIds, "taxes") : null,
  }));
  const lineItems = order.items.map((item) => toLineItem(item, money, discounts, taxes));
  const shipping =
    order.shipping === null
      ? null
      : {
          method: order.shipping.method,
          amount: money(order.shipping.amount),
          tax_amount: sumFor(taxes, null),
        };
  const totals = computeTotals(lineItems, discounts, shipping, taxes);
  assertTotalsMatch(order.totals, totals, money);
  return {
    transaction_id: order.id,
    receipt_number: order.external_id,
    type: "sale",
    occurred_at: order.completed_at,
    location_id: order.store_id,
    channel: CHANNELS[order.channel_type],
    currency: order.currency,
    customer:
      order.customer === null
        ? null
        : { reference: order.customer.id, email: order.customer.email ?? null },
    line_items: lineItems,
    discounts,
    taxes,
    shipping,
    tenders: toTenders(order.payments, money, totals.total),
    totals,
    source: { system: "newstore", event_id: event.id, order_id: order.id },
  };
}

function toLineItem(
  item: NewstoreOrder["items"][number],
  money: Money,
  discounts: readonly Discount[],
  taxes: readonly Tax[],
): HailLineItem {
  const unitPrice = money(item.unit_price);
  // Integer × integer: 1895 × 3 is 5685 exactly, where 18.95 × 3 is 56.849999999999994.
  const gross = unitPrice * item.quantity;
  const discount = sumFor(discounts, item.id);
  const tax = sumFor(taxes, item.id);
  if (discount > gross) refuse("A line's discounts exceed its price.");
  return {
    line_id: item.id,
    sku: item.sku,
    product_reference: item.product_id,
    description: item.name,
    quantity: item.quantity,
    unit_price: unitPrice,
    gross_amount: gross,
    discount_amount: discount,
    tax_amount: tax,
    total_amount: gross - discount + tax,
  };
}

function computeTotals(
  lines: readonly HailLineItem[],
  discounts: readonly Discount[],
  shipping: HailTransaction["shipping"],
  taxes: readonly Tax[],
): Totals {
  const subtotal = sum(lines.map((line) => line.gross_amount));
  const discount = sum(discounts.map((entry) => entry.amount));
  const shippingAmount = shipping?.amount ?? 0;
  const tax = sum(taxes.map((entry) => entry.amount));
  const total = subtotal - discount + shippingAmount + tax;
  if (total < 0) refuse("The order's discounts exceed its value.");
  return { subtotal, discount, shipping: shippingAmount, tax, total };
}

/** NewStore's own totals must agree with the sum of the parts, to the minor unit. */
function assertTotalsMatch(given: NewstoreOrder["totals"], computed: Totals, money: Money): void {
  const pairs = [
    ["subtotal", given.subtotal, computed.subtotal],
    ["discount_total", given.discount_total, computed.discount],
    ["shipping_total", given.shipping_total, computed.shipping],
    ["tax_total", given.tax_total, computed.tax],
    ["grand_total", given.grand_total, computed.total],
  ] as const;
  for (const [name, stated, sumOfParts] of pairs) {
    if (money(stated) !== sumOfParts) {
      refuse(
        `The order's totals.${name} does not equal the sum of its lines, discounts, shipping and taxes.`,
      );
    }
  }
}

/** Captured payments become tenders; voided ones are left out. Together they must pay the order exactly. */
function toTenders(payments: NewstoreOrder["payments"], money: Money, total: number): HailTender[] {
  const tenders = payments
    .filter((payment) => payment.status === "captured")
    .map((payment) => ({
      reference: payment.id,
      type: TENDER_TYPES[payment.method],
      amount: money(payment.amount),
      card_brand: payment.card_brand ?? null,
      last4: payment.last4 ?? null,
    }));
  if (sum(tenders.map((tender) => tender.amount)) !== total) {
    refuse("The order's captured payments do not equal its grand total.");
  }
  return tenders;
}

function knownLine(id: string | null, lineIds: ReadonlySet<string>, list: string): string | null {
  if (id !== null && !lineIds.has(id))
    refuse(`An entry of ${list} refers to a line the order does not have.`);
  return id;
}

function sumFor(
  entries: readonly { amount: number; line_id: string | null }[],
  lineId: string | null,
): number {
  return sum(entries.filter((entry) => entry.line_id === lineId).map((entry) => entry.amount));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function exact<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw new NonRetryableError(
      `An amount in the order cannot be converted exactly: ${(error as Error).message}`,
    );
  }
}

function refuse(reason: string): never {
  throw new NonRetryableError(`${reason} Not sent to Hail; fix the order and replay the event.`);
}
