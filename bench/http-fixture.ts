/**
 * The request every HTTP bench server receives: a 2 KB JSON event, unique id per request, signed
 * with HMAC-SHA256 over the raw body as `x-bench-signature: sha256=<hex>` (the NewStore/GitHub
 * shape of the generic HMAC scheme).
 */
import { createHmac } from "node:crypto";

/** Shared by the load generator and the servers. Not a real secret. */
export const BENCH_SECRET = "bench-secret-0123456789abcdef";
export const BENCH_SIGNATURE_HEADER = "x-bench-signature";
export const BENCH_SOURCE = "bench";
export const BENCH_EVENT_TYPE = "order.completed";
/** Body size in bytes; every body has exactly this length. */
export const BENCH_BODY_BYTES = 2048;

const ID_WIDTH = 12;
const ID_MARK = "#".repeat(ID_WIDTH);

/** The body with `#…#` where the event id goes, padded to exactly {@link BENCH_BODY_BYTES}. */
const template: string = buildTemplate();
const [head, tail] = template.split(ID_MARK) as [string, string];

function buildTemplate(): string {
  const event = {
    id: `evt_${ID_MARK}`,
    name: BENCH_EVENT_TYPE,
    published_at: "2026-03-14T17:42:09.120Z",
    payload: {
      id: "5f0c2b1e-8d4a-4c7e-9b1f-2a6d3e8c7f10",
      external_id: "WEB-100234",
      currency: "USD",
      customer: { id: "cust-88213", email: "jordan.lee@example.com" },
      items: Array.from({ length: 6 }, (_, index) => ({
        id: `line-${index + 1}`,
        sku: `SKU-${1000 + index}-BLK`,
        name: `Product number ${index + 1}, colour black, size medium`,
        quantity: index + 1,
        unit_price: 19.95 + index,
        tax: { name: "CA sales tax", rate: 0.08625 },
      })),
      totals: {
        subtotal: 341.33,
        discount_total: 31,
        shipping_total: 7.95,
        tax_total: 27.19,
        grand_total: 345.47,
      },
      note: "",
    },
  };
  const bare = JSON.stringify(event);
  const padding = BENCH_BODY_BYTES - Buffer.byteLength(bare);
  if (padding < 0) throw new Error("The bench body template is larger than BENCH_BODY_BYTES.");
  event.payload.note = "x".repeat(padding);
  return JSON.stringify(event);
}

/** Body number `n`: same size, unique id. */
export function benchBody(n: number): string {
  return `${head}${String(n).padStart(ID_WIDTH, "0")}${tail}`;
}

/** The signature header value for `body`. */
export function benchSignature(body: string | Buffer): string {
  return `sha256=${createHmac("sha256", BENCH_SECRET).update(body).digest("hex")}`;
}
