import {
  createHandlerDestination,
  DeliveryError,
  NonRetryableError,
  resolveRetryPolicy,
  type DeliveryContext,
  type DeliveryRecord,
} from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { describe, expect, it } from "vitest";
import { attemptDelivery } from "../../src/dispatch/dispatcher.ts";
import { deliveryContext } from "../helpers/delivery-context.ts";

const delivery: DeliveryRecord = {
  id: "hw_1:t@1:0:crm",
  destination: "crm",
  transformer: "t@1",
  status: "pending",
  output: { id: 1 },
  attempts: [],
};
const event = { id: "hw_1", source: "shop", type: "order.completed", receivedAt: 0 };

describe("createHandlerDestination", () => {
  it("calls the handler with the output and a frozen context", async () => {
    let seen: { output: unknown; context: DeliveryContext } | undefined;
    const destination = createHandlerDestination("crm", (output, context) => {
      seen = { output, context };
    });
    await expect(destination.deliver(deliveryContext({ destination: "crm" }))).resolves.toEqual({});
    expect(seen?.output).toEqual({ orderId: "ord_1", total: 4200 });
    expect(seen?.context.idempotencyKey).toBe("hw_1:order-to-partner@1:0:partner");
    expect(Object.isFrozen(seen?.context)).toBe(true);
  });

  it("stops retrying when the handler throws NonRetryableError", async () => {
    const clock = createFakeClock();
    const destination = createHandlerDestination("crm", () => {
      throw new NonRetryableError("Customer was deleted in the CRM.");
    });
    const result = await attemptDelivery({
      event,
      delivery,
      destination,
      policy: resolveRetryPolicy({ maxAttempts: 5 }),
      clock,
      random: () => 0,
    });
    expect(result.outcome).toEqual({ type: "dead_lettered" });
    expect(result.attempt).toMatchObject({
      attempt: 1,
      ok: false,
      final: true,
      error: { code: "DELIVERY_NON_RETRYABLE", message: "Customer was deleted in the CRM." },
    });
  });

  it("retries any other throw, recording its class, its message cut short and its code", async () => {
    const destination = createHandlerDestination("crm", () => {
      throw Object.assign(new TypeError(`cannot reach the CRM ${"x".repeat(300)}`), {
        code: "ECONNREFUSED",
      });
    });
    const result = await attemptDelivery({
      event,
      delivery,
      destination,
      policy: resolveRetryPolicy({ maxAttempts: 5 }),
      clock: createFakeClock(),
      random: () => 0,
    });
    expect(result.outcome).toEqual({ type: "retry", delayMs: 1_000 });
    expect(result.attempt.error).toEqual({
      code: "DELIVERY_FAILED",
      message: `Destination "crm" threw TypeError: cannot reach the CRM ${"x".repeat(178)}… (code ECONNREFUSED).`,
    });
    expect(result.attempt.error?.message).not.toContain("x".repeat(200));
  });

  it("times out a handler that takes too long, aborting its signal", async () => {
    const clock = createFakeClock();
    let signal: AbortSignal | undefined;
    const destination = createHandlerDestination(
      "crm",
      (_output, context) => {
        signal = context.signal;
        return new Promise(() => undefined);
      },
      { timeoutMs: 5_000, clock },
    );
    const pending = destination.deliver(deliveryContext()).catch((error: unknown) => error);
    await clock.advance(4_999);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    const error = await pending;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: true,
      message: 'Handler for destination "crm" timed out after 5000 ms.',
    });
    expect(signal?.aborted).toBe(true);
  });

  it("times out a handler that never looks at its signal", async () => {
    const clock = createFakeClock();
    const destination = createHandlerDestination("crm", () => new Promise(() => undefined), {
      timeoutMs: 5_000,
      clock,
    });
    const pending = destination.deliver(deliveryContext()).catch((error: unknown) => error);
    await clock.advance(5_000);
    expect(await pending).toMatchObject({ retryable: true, message: expect.any(String) as string });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("clears its timer once the handler is done", async () => {
    const clock = createFakeClock();
    const destination = createHandlerDestination("crm", async () => undefined, { clock });
    await destination.deliver(deliveryContext());
    expect(clock.pendingTimers()).toBe(0);
  });

  it("validates its options eagerly", () => {
    expect(() => createHandlerDestination("", () => undefined)).toThrow("`name`");
    expect(() => createHandlerDestination("crm", () => undefined, { timeoutMs: -1 })).toThrow(
      "`timeoutMs`",
    );
    expect(() =>
      createHandlerDestination("crm", () => undefined, { retry: { factor: 0 } }),
    ).toThrow("`retry.factor`");
  });
});
