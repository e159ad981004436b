/**
 * What NewStore's event stream sends: an envelope `{ id, name, published_at, payload }`, and for
 * `order.completed` a closed order in the payload. Amounts are decimals in the order's currency,
 * as JSON numbers or decimal strings; `unit_price` excludes tax (taxes are listed separately).
 */
import { z } from "zod";

/** A non-negative decimal amount: `19.99` or `"19.99"`. */
const amount = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?$/, "expected a decimal string such as 19.99"),
]);

/** An ISO 8601 date-time with an offset, as NewStore writes them. */
const isoDateTime = z.iso.datetime({ offset: true });

export const newstoreOrderItemSchema = z.object({
  /** Line id, unique within the order. */
  id: z.string().min(1),
  product_id: z.string().min(1),
  sku: z.string().min(1),
  name: z.string(),
  quantity: z.number().int().positive(),
  /** Price of one unit before discounts and tax. */
  unit_price: amount,
});

export const newstoreDiscountSchema = z.object({
  id: z.string().min(1),
  /** Coupon or promotion code; `null` for automatic promotions. */
  code: z.string().nullable(),
  description: z.string(),
  /** Total amount taken off (not per unit). */
  amount,
  /** The line it applies to; absent for an order-level discount. */
  item_id: z.string().min(1).optional(),
});

export const newstoreTaxSchema = z.discriminatedUnion("applies_to", [
  z.object({
    applies_to: z.literal("item"),
    item_id: z.string().min(1),
    name: z.string(),
    rate: amount,
    amount,
  }),
  z.object({ applies_to: z.literal("shipping"), name: z.string(), rate: amount, amount }),
]);

export const newstorePaymentSchema = z.object({
  id: z.string().min(1),
  method: z.enum([
    "credit_card",
    "debit_card",
    "gift_card",
    "cash",
    "paypal",
    "apple_pay",
    "google_pay",
    "store_credit",
  ]),
  /** Only `captured` payments settle the order; `voided` ones are kept for the audit trail. */
  status: z.enum(["captured", "voided"]),
  amount,
  card_brand: z.string().optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});

export const newstoreOrderSchema = z.object({
  /** NewStore's order id (UUID). */
  id: z.string().min(1),
  /** The order number the customer sees, e.g. `WEB-100234`. */
  external_id: z.string().min(1),
  channel_type: z.enum(["web", "store", "mobile"]),
  store_id: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD"),
  placed_at: isoDateTime,
  completed_at: isoDateTime,
  /** `null` for a guest checkout. */
  customer: z.object({ id: z.string().min(1), email: z.email().optional() }).nullable(),
  items: z.array(newstoreOrderItemSchema).min(1),
  discounts: z.array(newstoreDiscountSchema),
  taxes: z.array(newstoreTaxSchema),
  shipping: z.object({ method: z.string(), amount }).nullable(),
  payments: z.array(newstorePaymentSchema),
  totals: z.object({
    subtotal: amount,
    discount_total: amount,
    shipping_total: amount,
    tax_total: amount,
    grand_total: amount,
  }),
});

/** The envelope of every NewStore event. `payload` is only checked per event type. */
export const newstoreEnvelopeSchema = z.object({
  /** The event id: the idempotency key. */
  id: z.string().min(1),
  /** The retailer's NewStore tenant. */
  tenant: z.string().optional(),
  name: z.string().min(1),
  published_at: isoDateTime,
  payload: z.unknown(),
});

/** An `order.completed` event. */
export const orderCompletedEventSchema = newstoreEnvelopeSchema.extend({
  name: z.literal("order.completed"),
  payload: newstoreOrderSchema,
});

export type NewstoreOrder = z.infer<typeof newstoreOrderSchema>;
export type NewstoreEvent = z.infer<typeof newstoreEnvelopeSchema>;
export type OrderCompletedEvent = z.infer<typeof orderCompletedEventSchema>;
