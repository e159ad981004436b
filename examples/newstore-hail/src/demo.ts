/**
 * `npm run demo`: the NewStore → Hail story in a few seconds, on 127.0.0.1 and the memory adapter.
 * Starts a mock Hail and the integration, then sends a completed order, the same order again, one
 * with a bad signature, one that meets a Hail outage, and an event type that is not forwarded.
 * Exits 0 when everything happened as expected, 1 otherwise. Pass `--json` to print the full
 * Hail payload.
 */
import { silentLogger } from "@hookwise/core";
import { formatAttempts, formatTransaction } from "./demo/format.ts";
import type { EventView } from "@hookwise/core";
import { sampleOrderCompletedEvent, sampleOrderCreatedEvent } from "./newstore/sample-events.ts";
import { sendNewstoreEvent, type SendResult } from "./newstore/send-newstore-event.ts";
import { startStack, type Stack } from "./start-stack.ts";

const DEMO_DEADLINE_MS = 30_000;
const showJson = process.argv.includes("--json");
let failures = 0;

function report(step: string, outcome: string, ok: boolean, details: readonly string[] = []): void {
  if (!ok) failures += 1;
  console.log(`${ok ? "✓" : "✗"} ${step.padEnd(40)} ${outcome}`);
  for (const line of details) console.log(`    ${line}`);
}

function answer(result: SendResult): string {
  return `${result.status} ${result.body.status ?? result.body.error?.code ?? ""}`.trim();
}

async function settled(stack: Stack, result: SendResult): Promise<EventView | undefined> {
  return result.body.id === undefined ? undefined : stack.waitUntilSettled(result.body.id);
}

async function completedOrder(stack: Stack): Promise<void> {
  const result = await sendNewstoreEvent(
    stack.webhookUrl,
    sampleOrderCompletedEvent(),
    stack.secret,
  );
  const view = await settled(stack, result);
  const transaction = stack.hail.transactions()[0];
  const ok =
    result.status === 202 && view?.status === "delivered" && stack.hail.calls().length === 1;
  report(
    "1. A completed order",
    `${answer(result)} → ${view?.status ?? "?"}: ${formatAttempts(view)}`,
    ok,
    [
      ...(transaction === undefined ? ["Hail recorded nothing"] : formatTransaction(transaction)),
      ...(showJson && transaction !== undefined
        ? JSON.stringify(transaction, null, 2).split("\n")
        : []),
    ],
  );
}

async function sameOrderAgain(stack: Stack): Promise<void> {
  const result = await sendNewstoreEvent(
    stack.webhookUrl,
    sampleOrderCompletedEvent(),
    stack.secret,
  );
  const recorded = stack.hail.transactions().length;
  const ok =
    result.status === 200 && result.body.status === "duplicate" && stack.hail.calls().length === 1;
  report(
    "2. The same order again (a resend)",
    `${answer(result)} → not processed again; Hail has ${recorded} sale`,
    ok,
  );
}

async function badSignature(stack: Stack): Promise<void> {
  const event = sampleOrderCompletedEvent({
    eventId: "evt-forged-1",
    orderId: "forged-order",
    externalId: "WEB-666",
  });
  const result = await sendNewstoreEvent(
    stack.webhookUrl,
    event,
    "not-the-newstore-webhook-secret",
  );
  const ok = result.status === 401 && stack.hail.calls().length === 1;
  report("3. A bad signature", `${answer(result)} → refused before anything is stored`, ok);
}

async function hailOutage(stack: Stack): Promise<void> {
  stack.hail.failNext(2, 503);
  stack.hail.throttleNext(1, 1);
  const event = sampleOrderCompletedEvent({
    eventId: "evt-outage-1",
    orderId: "order-outage-1",
    externalId: "WEB-100235",
  });
  const result = await sendNewstoreEvent(stack.webhookUrl, event, stack.secret);
  const view = await settled(stack, result);
  const attempts = view?.deliveries[0]?.attempts ?? [];
  const keys = new Set(
    stack.hail
      .calls()
      .slice(1)
      .map((call) => call.idempotencyKey),
  );
  const ok =
    result.status === 202 &&
    view?.status === "delivered" &&
    attempts.length === 4 &&
    keys.size === 1;
  report(
    "4. Hail down (503, 503, then 429)",
    `${answer(result)} → ${view?.status ?? "?"} after ${attempts.length} attempts`,
    ok,
    [
      formatAttempts(view),
      "(the 429 said Retry-After: 1 s; honoured, capped at 150 ms by the demo's retry policy)",
      `every attempt carried the same Idempotency-Key: ${[...keys].join(", ")}`,
    ],
  );
}

async function otherEventType(stack: Stack): Promise<void> {
  const result = await sendNewstoreEvent(stack.webhookUrl, sampleOrderCreatedEvent(), stack.secret);
  const view = await settled(stack, result);
  const ok =
    result.status === 200 && view?.status === "ignored" && stack.hail.transactions().length === 2;
  report(
    "5. An order.created event",
    `${answer(result)} → stored as ${view?.status ?? "?"}, not sent to Hail`,
    ok,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const deadline = setTimeout(() => {
    console.error(`✗ The demo did not finish within ${DEMO_DEADLINE_MS / 1000} s.`);
    process.exit(1);
  }, DEMO_DEADLINE_MS);
  deadline.unref();
  const stack = await startStack({ logger: silentLogger });
  console.log("NewStore → Hail on hookwise (Express, memory adapter, fast retry policy)");
  console.log(`webhooks: ${stack.webhookUrl}   mock Hail: ${stack.hailUrl}\n`);
  try {
    for (const step of [completedOrder, sameOrderAgain, badSignature, hailOutage, otherEventType]) {
      await step(stack).catch((error: unknown) =>
        report(step.name, `threw: ${(error as Error).message}`, false),
      );
    }
  } finally {
    await stack.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    failures === 0
      ? `\nAll 5 steps went as expected (${seconds} s).`
      : `\n${failures} step(s) did not go as expected.`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

await main();
