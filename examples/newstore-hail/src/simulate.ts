/**
 * `npm run simulate`: plays NewStore against a running integration (`npm start`). Sends a signed
 * `order.completed` (new ids on every run), the same event again, an `order.created`, and one with
 * a bad signature, then shows what became of the order.
 *
 * Environment: WEBHOOK_URL (default http://127.0.0.1:$PORT/webhooks/newstore), PORT, and
 * NEWSTORE_WEBHOOK_SECRET (the first one when comma-separated), with the same development defaults
 * as the server.
 */
import { randomUUID } from "node:crypto";
import { DEV_DEFAULTS } from "./config.ts";
import { formatAttempts } from "./demo/format.ts";
import type { EventView } from "@hookwise/core";
import { sampleOrderCompletedEvent, sampleOrderCreatedEvent } from "./newstore/sample-events.ts";
import { sendNewstoreEvent, type SendResult } from "./newstore/send-newstore-event.ts";

const env = process.env;
const webhookUrl =
  env["WEBHOOK_URL"] ?? `http://127.0.0.1:${env["PORT"] ?? DEV_DEFAULTS.PORT}/webhooks/newstore`;
const secret =
  (env["NEWSTORE_WEBHOOK_SECRET"] ?? DEV_DEFAULTS.NEWSTORE_WEBHOOK_SECRET).split(",")[0]?.trim() ??
  "";
const run = randomUUID();
const order = sampleOrderCompletedEvent({
  eventId: `evt-${run}`,
  orderId: run,
  externalId: `WEB-${run.slice(0, 6).toUpperCase()}`,
});

function show(label: string, result: SendResult): void {
  const detail =
    result.body.error === undefined ? (result.body.id ?? "") : result.body.error.message;
  console.log(
    `${label.padEnd(28)} HTTP ${result.status} ${result.body.status ?? result.body.error?.code ?? ""}  ${detail}`,
  );
}

async function follow(id: string): Promise<void> {
  const url = new URL(`/webhooks/events/${id}`, webhookUrl);
  let view: EventView | undefined;
  for (let poll = 0; poll < 50; poll += 1) {
    const response = await fetch(url);
    view = response.ok ? ((await response.json()) as EventView) : undefined;
    if (view !== undefined && view.status !== "queued" && view.status !== "processing") break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`\n${url.href}\n  status ${view?.status ?? "unknown"}: ${formatAttempts(view)}`);
  if (view?.status === "processing")
    console.log("  (still retrying: is the mock Hail running? npm run mock-hail)");
}

try {
  console.log(`Sending to ${webhookUrl}\n`);
  const first = await sendNewstoreEvent(webhookUrl, order, secret);
  show("order.completed", first);
  show("order.completed (resent)", await sendNewstoreEvent(webhookUrl, order, secret));
  show(
    "order.created",
    await sendNewstoreEvent(webhookUrl, sampleOrderCreatedEvent(`evt-created-${run}`), secret),
  );
  show("bad signature", await sendNewstoreEvent(webhookUrl, order, `${secret}-wrong`));
  if (first.body.id !== undefined) await follow(first.body.id);
} catch (error) {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  console.error(
    `Could not reach ${webhookUrl}${code === undefined ? "" : ` (${code})`}: is the server running? npm start`,
  );
  process.exitCode = 1;
}
