/** Short, aligned lines for the demo's output. */
import type { AttemptView, EventView } from "@hookwise/core";
import type { HailTransaction } from "../hail/hail-transaction.ts";

/** `#1 HTTP 503, retry in 31 ms · #2 HTTP 201`. */
export function formatAttempts(view: EventView | undefined): string {
  const attempts = view?.deliveries.flatMap((delivery) => delivery.attempts) ?? [];
  if (attempts.length === 0) return "no attempts";
  return attempts.map(formatAttempt).join(" · ");
}

function formatAttempt(attempt: AttemptView): string {
  const outcome =
    attempt.responseStatus === null
      ? (attempt.error?.code ?? "error")
      : `HTTP ${attempt.responseStatus}`;
  const next = attempt.nextAttemptInMs === null ? "" : `, retry in ${attempt.nextAttemptInMs} ms`;
  return `#${attempt.attempt} ${outcome}${next}`;
}

/** The transaction Hail received, as a few readable lines (amounts in minor units, as sent). */
export function formatTransaction(transaction: HailTransaction): string[] {
  const { totals, currency } = transaction;
  const lines = [
    `Hail recorded sale ${transaction.receipt_number} (${transaction.channel}, ${transaction.location_id}, customer ${transaction.customer?.reference ?? "guest"}), amounts in ${currency} minor units:`,
  ];
  for (const item of transaction.line_items) {
    lines.push(
      `  ${item.quantity} × ${item.sku.padEnd(11)} unit ${pad(item.unit_price)} gross ${pad(item.gross_amount)} ` +
        `discount ${pad(`−${item.discount_amount}`)} tax ${pad(`+${item.tax_amount}`)} = ${pad(item.total_amount)}`,
    );
  }
  const orderDiscounts = transaction.discounts.filter((discount) => discount.line_id === null);
  const extras = [
    ...orderDiscounts.map(
      (discount) => `order discount ${discount.code ?? discount.reference} −${discount.amount}`,
    ),
    `shipping +${totals.shipping}`,
  ];
  lines.push(`  ${extras.join(", ")}`);
  lines.push(
    `  totals: subtotal ${totals.subtotal} − discount ${totals.discount} + shipping ${totals.shipping} + tax ${totals.tax} = ${totals.total} (${major(totals.total, currency)})`,
  );
  const tenders = transaction.tenders.map(
    (tender) =>
      `${tender.type}${tender.card_brand === null ? "" : ` ${tender.card_brand}`}${tender.last4 === null ? "" : ` ••${tender.last4}`} ${tender.amount}`,
  );
  lines.push(`  tenders: ${tenders.join(", ")}`);
  return lines;
}

function pad(value: number | string, width = 6): string {
  return String(value).padStart(width);
}

/** `34547` USD → `USD 345.47`, for the reader; Hail gets minor units. */
function major(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    currencyDisplay: "code",
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
