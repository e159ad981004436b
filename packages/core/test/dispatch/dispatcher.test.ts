import {
  DeliveryError,
  resolveRetryPolicy,
  type AttemptRecord,
  type DeliveryContext,
  type DeliveryRecord,
  type Destination,
} from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { describe, expect, it } from "vitest";
import { attemptDelivery, nextAttemptNumber } from "../../src/dispatch/dispatcher.ts";

const event = { id: "hw_1", source: "shop", type: "order.completed", receivedAt: 5 };
const policy = resolveRetryPolicy({ maxAttempts: 3, minDelayMs: 1_000, factor: 2 });

function attempt(n: number, extra: Partial<AttemptRecord> = {}): AttemptRecord {
  return { attempt: n, startedAt: 0, finishedAt: 0, ok: false, ...extra };
}

function delivery(attempts: AttemptRecord[] = []): DeliveryRecord {
  return {
    id: "hw_1:t@1:0:partner",
    destination: "partner",
    transformer: "t@1",
    status: "pending",
    output: { a: 1 },
    attempts,
  };
}

function failing(error: Error): Destination {
  return { name: "partner", deliver: () => Promise.reject(error) };
}

describe("nextAttemptNumber", () => {
  it("counts only the attempts after the last final one (a replay starts a new round)", () => {
    expect(nextAttemptNumber(delivery())).toBe(1);
    expect(nextAttemptNumber(delivery([attempt(1), attempt(2)]))).toBe(3);
    expect(nextAttemptNumber(delivery([attempt(1), attempt(2, { final: true })]))).toBe(1);
    expect(nextAttemptNumber(delivery([attempt(1, { final: true }), attempt(1)]))).toBe(2);
  });
});

describe("attemptDelivery", () => {
  it("gives the destination a frozen context whose idempotency key is the delivery id", async () => {
    let seen: DeliveryContext | undefined;
    const destination: Destination = {
      name: "partner",
      deliver: (context) => {
        seen = context;
        return Promise.resolve({ responseStatus: 201 });
      },
    };
    const clock = createFakeClock(1_000);
    const result = await attemptDelivery({
      event,
      delivery: delivery(),
      destination,
      policy,
      clock,
      random: () => 0,
    });
    expect(result).toEqual({
      attempt: { attempt: 1, startedAt: 1_000, finishedAt: 1_000, ok: true, responseStatus: 201 },
      outcome: { type: "succeeded" },
    });
    expect(seen).toMatchObject({
      deliveryId: "hw_1:t@1:0:partner",
      idempotencyKey: "hw_1:t@1:0:partner",
      attempt: 1,
    });
    expect(seen?.event).toEqual({ source: "shop", type: "order.completed", receivedAt: 5 });
    expect(Object.isFrozen(seen)).toBe(true);
  });

  it("counts a destination that resolves with nothing as delivered (never sent again)", async () => {
    const destination = {
      name: "partner",
      deliver: () => Promise.resolve(undefined),
    } as unknown as Destination;
    const result = await attemptDelivery({
      event,
      delivery: delivery(),
      destination,
      policy,
      clock: createFakeClock(),
      random: () => 0,
    });
    expect(result.outcome).toEqual({ type: "succeeded" });
    expect(result.attempt.ok).toBe(true);
  });

  it("records a thrown Error whose message is not a string, instead of throwing itself", async () => {
    const error = Object.assign(new Error("x"), { message: { detail: "from the response" } });
    const result = await attemptDelivery({
      event,
      delivery: delivery(),
      destination: failing(error),
      policy,
      clock: createFakeClock(),
      random: () => 0,
    });
    expect(result.outcome.type).toBe("retry");
    expect(result.attempt.error?.message).toContain("Error");
  });

  it("schedules a retry with the policy's backoff while attempts remain", async () => {
    const result = await attemptDelivery({
      event,
      delivery: delivery([attempt(1)]),
      destination: failing(
        new DeliveryError("Destination answered HTTP 503.", { responseStatus: 503 }),
      ),
      policy,
      clock: createFakeClock(),
      random: () => 0.5,
    });
    // attempt 2: 1000 + 0.5 × (1000 × 2² − 1000)
    expect(result.outcome).toEqual({ type: "retry", delayMs: 2_500 });
    expect(result.attempt).toMatchObject({
      attempt: 2,
      responseStatus: 503,
      nextAttemptInMs: 2_500,
    });
    expect(result.attempt.final).toBeUndefined();
  });

  it("waits exactly as long as the destination's Retry-After asks", async () => {
    const result = await attemptDelivery({
      event,
      delivery: delivery(),
      destination: failing(
        new DeliveryError("HTTP 429.", { responseStatus: 429, retryAfterSeconds: 42 }),
      ),
      policy,
      clock: createFakeClock(),
      random: () => 0.5,
    });
    expect(result.outcome).toEqual({ type: "retry", delayMs: 42_000 });
  });

  it("dead-letters on the last attempt and marks it final", async () => {
    const result = await attemptDelivery({
      event,
      delivery: delivery([attempt(1), attempt(2)]),
      destination: failing(new DeliveryError("HTTP 500.", { responseStatus: 500 })),
      policy,
      clock: createFakeClock(),
      random: () => 0.5,
    });
    expect(result.outcome).toEqual({ type: "dead_lettered" });
    expect(result.attempt).toMatchObject({ attempt: 3, final: true });
    expect(result.attempt.nextAttemptInMs).toBeUndefined();
  });

  it("dead-letters at once on a non-retryable DeliveryError", async () => {
    const result = await attemptDelivery({
      event,
      delivery: delivery(),
      destination: failing(
        new DeliveryError("HTTP 400.", { responseStatus: 400, retryable: false }),
      ),
      policy,
      clock: createFakeClock(),
      random: () => 0.5,
    });
    expect(result.outcome).toEqual({ type: "dead_lettered" });
    expect(result.attempt).toMatchObject({
      attempt: 1,
      final: true,
      responseStatus: 400,
      error: { code: "DELIVERY_FAILED" },
    });
  });
});
