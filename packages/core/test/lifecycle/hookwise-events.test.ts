import { createLifecycle, type HookwiseEvents, type LogFields, type Logger } from "@hookwise/core";
import { describe, expect, expectTypeOf, it } from "vitest";

function recordingLogger(): Logger & { lines: { message: string; fields?: LogFields }[] } {
  const lines: { message: string; fields?: LogFields }[] = [];
  const push = (message: string, fields?: LogFields): void => {
    lines.push({ message, ...(fields && { fields }) });
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

const attempt = { eventId: "hw_1", deliveryId: "d1", destination: "partner", attempt: 1 };

describe("createLifecycle", () => {
  it("delivers typed payloads to listeners", () => {
    const lifecycle = createLifecycle(recordingLogger());
    const seen: HookwiseEvents["delivery.attempt"][] = [];
    lifecycle.on("delivery.attempt", (payload) => {
      expectTypeOf(payload).toEqualTypeOf<HookwiseEvents["delivery.attempt"]>();
      seen.push(payload);
    });
    lifecycle.emit("delivery.attempt", attempt);
    expect(seen).toEqual([attempt]);
  });

  it("keeps calling other listeners when one throws, and logs it without the payload", () => {
    const logger = recordingLogger();
    const lifecycle = createLifecycle(logger);
    const calls: string[] = [];
    lifecycle.on("received", () => {
      throw new Error("boom with secret-payload-value");
    });
    lifecycle.on("received", () => calls.push("second"));
    expect(() => lifecycle.emit("received", { source: "shop" })).not.toThrow();
    expect(calls).toEqual(["second"]);
    expect(logger.lines).toEqual([
      { message: "Lifecycle listener failed", fields: { event: "received", error: "Error" } },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain("secret-payload-value");
  });

  it("catches and logs a listener that rejects", async () => {
    const logger = recordingLogger();
    const lifecycle = createLifecycle(logger);
    lifecycle.on("queued", () => Promise.reject(new RangeError("async boom")));
    lifecycle.emit("queued", { source: "shop", eventId: "hw_1", type: "t" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.lines).toEqual([
      { message: "Lifecycle listener failed", fields: { event: "queued", error: "RangeError" } },
    ]);
  });

  it("removes a listener with off, and runs a once listener once", () => {
    const lifecycle = createLifecycle(recordingLogger());
    let on = 0;
    let once = 0;
    const listener = (): void => {
      on++;
    };
    lifecycle.on("received", listener);
    lifecycle.once("received", () => {
      once++;
    });
    lifecycle.emit("received", { source: "a" });
    lifecycle.off("received", listener);
    lifecycle.emit("received", { source: "a" });
    expect([on, once]).toEqual([1, 1]);
    expect(lifecycle.listenerCount("received")).toBe(0);
  });

  it("works with methods taken off the object (no `this`)", () => {
    const lifecycle = createLifecycle(recordingLogger());
    const { on, emit } = lifecycle;
    let count = 0;
    on("replayed", ({ deliveries }) => {
      count += deliveries;
    });
    emit("replayed", { eventId: "hw_1", deliveries: 2 });
    expect(count).toBe(2);
  });

  it("refuses unknown event names and wrong payloads at compile time", () => {
    const lifecycle = createLifecycle(recordingLogger());
    // @ts-expect-error: not an event
    lifecycle.on("delivered", () => undefined);
    // @ts-expect-error: `willRetry` is required
    lifecycle.emit("delivery.failed", { ...attempt, code: "X" });
    expect(lifecycle.listenerCount("received")).toBe(0);
  });
});
