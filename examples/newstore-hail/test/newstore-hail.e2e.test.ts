import { silentLogger } from "@hookwise/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mapOrderToHail } from "../src/hail/order-to-hail.ts";
import {
  sampleOrderCompletedEvent,
  sampleOrderCreatedEvent,
} from "../src/newstore/sample-events.ts";
import { NEWSTORE_SIGNATURE_HEADER } from "../src/newstore/newstore-source.ts";
import { sendNewstoreEvent } from "../src/newstore/send-newstore-event.ts";
import { startStack, type Stack } from "../src/start-stack.ts";

let stack: Stack;

beforeEach(async () => {
  stack = await startStack({ logger: silentLogger });
});

afterEach(async () => {
  await stack.close();
});

function send(event: unknown, secret = stack.secret) {
  return sendNewstoreEvent(stack.webhookUrl, event, secret);
}

describe("NewStore → Hail over HTTP on 127.0.0.1", () => {
  it("acknowledges a completed order with 202 and delivers it to Hail once, mapped", async () => {
    const event = sampleOrderCompletedEvent();
    const answer = await send(event);
    expect(answer).toMatchObject({ status: 202, body: { status: "accepted" } });

    const view = await stack.waitUntilSettled(answer.body.id!);
    expect(view.status).toBe("delivered");
    expect(view.deliveries).toHaveLength(1);
    expect(view.deliveries[0]).toMatchObject({
      destination: "hail",
      transformer: "newstore-order-to-hail@1",
      status: "succeeded",
    });
    expect(view.deliveries[0]!.attempts).toMatchObject([
      { attempt: 1, ok: true, responseStatus: 201 },
    ]);
    expect(stack.hail.transactions()).toEqual([mapOrderToHail(event)]);
    expect(stack.hail.calls()[0]!.idempotencyKey).toBe(view.deliveries[0]!.id);
  });

  it("answers the same order sent again 200 duplicate and does not deliver it twice", async () => {
    const first = await send(sampleOrderCompletedEvent());
    await stack.waitUntilSettled(first.body.id!);
    const again = await send(sampleOrderCompletedEvent());
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, status: "duplicate" } });
    expect(stack.hail.calls()).toHaveLength(1);
    expect((await stack.getEvent(first.body.id!))!.deliveries[0]!.attempts).toHaveLength(1);
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const answer = await send(sampleOrderCompletedEvent(), "a-secret-newstore-never-used");
    expect(answer).toMatchObject({ status: 401, body: { error: { code: "SIGNATURE_MISMATCH" } } });
    expect((await stack.ingestor.listEvents({ limit: 10 })).records).toEqual([]);
    expect(stack.hail.calls()).toEqual([]);
  });

  it("refuses an unsigned request with 401 SIGNATURE_MISSING", async () => {
    const response = await fetch(stack.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sampleOrderCompletedEvent()),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "SIGNATURE_MISSING" } });
  });

  it("rides out a Hail outage (503, 503, 429 with Retry-After) and delivers with the same Idempotency-Key", async () => {
    stack.hail.failNext(2, 503);
    stack.hail.throttleNext(1, 1);
    const answer = await send(sampleOrderCompletedEvent());
    expect(answer.status).toBe(202);

    const view = await stack.waitUntilSettled(answer.body.id!);
    expect(view.status).toBe("delivered");
    const attempts = view.deliveries[0]!.attempts;
    expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([503, 503, 429, 201]);
    expect(attempts.slice(0, 3).every((attempt) => attempt.nextAttemptInMs !== null)).toBe(true);
    // Retry-After: 1 (second) is honoured up to the policy's maxRetryAfterMs (150 ms in FAST_RETRY).
    expect(attempts[2]!.nextAttemptInMs).toBe(150);
    expect(new Set(stack.hail.calls().map((call) => call.idempotencyKey))).toEqual(
      new Set([view.deliveries[0]!.id]),
    );
    expect(stack.hail.transactions()).toHaveLength(1);
  });

  it("dead-letters an order after the last attempt and delivers it on replay", async () => {
    stack.hail.failNext(5, 500);
    const answer = await send(sampleOrderCompletedEvent());
    const dead = await stack.waitUntilSettled(answer.body.id!);
    expect(dead.status).toBe("dead_lettered");
    expect(dead.deliveries[0]!.attempts).toHaveLength(5);
    expect(dead.deliveries[0]!.attempts.at(-1)!.final).toBe(true);

    await stack.ingestor.replay(answer.body.id!);
    const replayed = await stack.waitUntilSettled(answer.body.id!);
    expect(replayed.status).toBe("delivered");
    expect(stack.hail.transactions()).toHaveLength(1);
  });

  it("stores other event types and answers 200 ignored without calling Hail", async () => {
    const answer = await send(sampleOrderCreatedEvent());
    expect(answer).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect((await stack.getEvent(answer.body.id!))!.status).toBe("ignored");
    expect(stack.hail.calls()).toEqual([]);
  });

  it("shows status and attempts on GET /webhooks/events/:id, with the signature masked and no order data", async () => {
    const answer = await send(sampleOrderCompletedEvent());
    await stack.waitUntilSettled(answer.body.id!);
    const response = await fetch(`${stack.baseUrl}/webhooks/events/${answer.body.id!}`);
    const text = await response.text();
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(
      [
        "deliveries",
        "error",
        "headers",
        "id",
        "providerEventId",
        "occurredAt",
        "receivedAt",
        "source",
        "status",
        "type",
        "updatedAt",
      ].sort(),
    );
    // core's toEventView with `{ payload: false }`: headers masked, no body, no outputs.
    const view = JSON.parse(text) as {
      headers: Record<string, string>;
      deliveries: Record<string, unknown>[];
    };
    expect(view.headers[NEWSTORE_SIGNATURE_HEADER]).toBe("[masked]");
    expect(view.deliveries[0]).not.toHaveProperty("output");
    expect(text).not.toContain("sha256=");
    expect(text).not.toContain("jordan.lee@example.com");
  });

  it("answers GET /webhooks/events/:id for NewStore's own event id too", async () => {
    const event = sampleOrderCompletedEvent();
    const answer = await send(event);
    const byOurs = (await (
      await fetch(`${stack.baseUrl}/webhooks/events/${answer.body.id!}`)
    ).json()) as { id: string };
    const response = await fetch(
      `${stack.baseUrl}/webhooks/events/${encodeURIComponent(event.id)}`,
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe(byOurs.id);
  });

  it("answers 404 for an event it does not know", async () => {
    const response = await fetch(`${stack.baseUrl}/webhooks/events/hw_unknown`);
    expect(response.status).toBe(404);
  });
});
