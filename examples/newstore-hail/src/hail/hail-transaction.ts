/**
 * The body Hail's `POST /events/v2/transaction/` accepts: one completed sale. Every amount is an
 * integer in the currency's minor units (cents for USD, yen for JPY); tax rates are exact percentage strings.
 * The transformer's output is validated against this schema before anything is sent, and the mock
 * Hail API validates requests with it too.
 */
import { z } from "zod";

const minor = z.number().int().nonnegative();
const reference = z.string().min(1);

export const hailLineItemSchema = z.object({
  line_id: reference,
  sku: reference,
  product_reference: reference,
  description: z.string(),
  quantity: z.number().int().positive(),
  /** Price of one unit before discounts and tax. */
  unit_price: minor,
  /** `unit_price × quantity`. */
  gross_amount: minor,
  /** Line-level discounts only (order-level ones are in `discounts` with `line_id: null`). */
  discount_amount: minor,
  tax_amount: minor,
  /** `gross_amount − discount_amount + tax_amount`. */
  total_amount: minor,
});

export const hailDiscountSchema = z.object({
  reference,
  code: z.string().nullable(),
  description: z.string(),
  amount: minor,
  /** `null` for an order-level discount. */
  line_id: z.string().nullable(),
});

export const hailTaxSchema = z.object({
  name: z.string(),
  /** Exact percentage as a decimal string: `"8.625"` for 8.625 %. */
  rate_percent: z.string().regex(/^\d+(\.\d+)?$/),
  amount: minor,
  /** The line taxed, or `null` for tax on shipping. */
  line_id: z.string().nullable(),
});

export const hailTenderSchema = z.object({
  reference,
  type: z.enum(["card", "gift_card", "cash", "wallet", "store_credit"]),
  amount: minor,
  card_brand: z.string().nullable(),
  last4: z.string().nullable(),
});

export const hailTransactionSchema = z.object({
  /** Hail's key for the sale: NewStore's order id, so a resend never creates a second sale. */
  transaction_id: reference,
  /** The order number the customer sees. */
  receipt_number: reference,
  type: z.literal("sale"),
  occurred_at: z.iso.datetime({ offset: true }),
  location_id: reference,
  channel: z.enum(["ecommerce", "in_store", "mobile_app"]),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Hail's loyalty lookup: the retailer's customer id, never a name. `null` for a guest. */
  customer: z.object({ reference, email: z.string().nullable() }).nullable(),
  line_items: z.array(hailLineItemSchema).min(1),
  discounts: z.array(hailDiscountSchema),
  taxes: z.array(hailTaxSchema),
  shipping: z.object({ method: z.string(), amount: minor, tax_amount: minor }).nullable(),
  tenders: z.array(hailTenderSchema).min(1),
  totals: z.object({ subtotal: minor, discount: minor, shipping: minor, tax: minor, total: minor }),
  /** Where the sale came from, for support. */
  source: z.object({ system: z.literal("newstore"), event_id: reference, order_id: reference }),
});

export type HailTransaction = z.infer<typeof hailTransactionSchema>;
export type HailLineItem = z.infer<typeof hailLineItemSchema>;
export type HailTender = z.infer<typeof hailTenderSchema>;
