import {
  createHandlerDestination,
  EventNotFoundError,
  type DeliveryContext,
  type Transformer,
} from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { describe, expect, it } from "vitest";
import { processJob } from "../../src/queue/jobs.ts";
import { storeEvent } from "../helpers/stored-event.ts";
import { startWorker, type HarnessOptions } from "../helpers/worker-harness.ts";

const toPartner: Transformer = {
  name: "order-to-partner",
  source: "shop",
  type: "order.completed",
  to: ["partner"],
  transform: ({ payload }) => ({ order: payload }),
};

/** A handler destination that fails its first `failures` calls, and counts what it delivered. */
function flaky(name: string, failures: number, clock = createFakeClock()) {
  const calls: DeliveryContext[] = [];
  const delivered: unknown[] = [];
  const destination = createHandlerDestination(
    name,
    (output, context) => {
      calls.push(context);
      if (calls.length <= failures) throw new Error("partner is down");
      delivered.push(output);
    },
    { clock },
  );
  return { destination, calls, delivered };
}

/** A started worker sending `toPartner` to a {@link flaky} `partner`, both on one fake clock. */
function partnerWorker(failures: number, options: Partial<HarnessOptions> = {}) {
  const clock = createFakeClock();
  const partner = flaky("partner", failures, clock);
  const h = startWorker({
    clock,
    transformers: [toPartner],
    destinations: [partner.destination],
    ...options,
  });
  return { clock, partner, h };
}

describe("createWorker: delivery and retries", () => {
  it("retries a failing destination with the policy's backoff and delivers once", async () => {
    const { clock, partner, h } = partnerWorker(2);
    await storeEvent(h.adapter);
    await clock.advance(0);
    expect(partner.calls).toHaveLength(1);
    // random() = 0.5: after attempt 1 wait 1000 + 0.5 × 1000 = 1500 ms
    await clock.advance(1_499);
    expect(partner.calls).toHaveLength(1);
    await clock.advance(1);
    expect(partner.calls).toHaveLength(2);
    // after attempt 2: 1000 + 0.5 × 3000 = 2500 ms
    await clock.advance(2_499);
    expect(partner.calls).toHaveLength(2);
    await clock.advance(1);

    expect(partner.delivered).toEqual([{ order: { id: "ord_1", total: 4200 } }]);
    expect(partner.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("delivered");
    const [delivery] = event?.deliveries ?? [];
    expect(delivery?.status).toBe("succeeded");
    expect(delivery?.attempts.map((a) => [a.attempt, a.ok, a.nextAttemptInMs])).toEqual([
      [1, false, 1_500],
      [2, false, 2_500],
      [3, true, undefined],
    ]);
    const starts = delivery?.attempts.map((a) => a.startedAt) ?? [];
    expect(starts.map((start) => start - (starts[0] ?? 0))).toEqual([0, 1_500, 4_000]);
    expect(
      h.payloads("delivery.failed").map((f) => [f.attempt, f.willRetry, f.nextAttemptInMs]),
    ).toEqual([
      [1, true, 1_500],
      [2, true, 2_500],
    ]);
    expect(h.payloads("delivery.succeeded")).toEqual([
      {
        eventId: "hw_1",
        deliveryId: "hw_1:order-to-partner@1:0:partner",
        destination: "partner",
        attempt: 3,
      },
    ]);
  });

  it("dead-letters after maxAttempts and announces it", async () => {
    const { clock, partner, h } = partnerWorker(Number.POSITIVE_INFINITY, {
      retry: { maxAttempts: 4 },
    });
    await storeEvent(h.adapter);
    await clock.runAll();

    expect(partner.calls).toHaveLength(4);
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    const attempts = event?.deliveries[0]?.attempts ?? [];
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(attempts.map((a) => a.final)).toEqual([undefined, undefined, undefined, true]);
    expect(attempts[3]?.error).toEqual({
      code: "DELIVERY_FAILED",
      message: 'Destination "partner" threw Error: partner is down.',
    });
    expect(h.payloads("dead-lettered")).toEqual([
      {
        eventId: "hw_1",
        deliveryId: "hw_1:order-to-partner@1:0:partner",
        destination: "partner",
        attempts: 4,
      },
    ]);
    expect(h.payloads("delivery.failed").at(-1)).toMatchObject({ attempt: 4, willRetry: false });
  });

  it("never overtakes a delivery waiting out its backoff when the event's process job runs again (the sweep, a crash)", async () => {
    const { clock, partner, h } = partnerWorker(1);
    await storeEvent(h.adapter);
    await clock.advance(0);
    expect(partner.calls).toHaveLength(1);
    // The process job again, as the sweep or a restart would queue it: the delivery is pending, its
    // retry is due in 1,500 ms, and it must not be attempted before.
    await h.adapter.queue.enqueue(processJob("hw_1"));
    await clock.advance(0);
    expect(partner.calls).toHaveLength(1);
    await clock.advance(1_500);
    expect(partner.calls).toHaveLength(2);
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("delivered");
    expect(partner.delivered).toHaveLength(1);
  });

  it("delivers a replay asked for while the dead-lettering job is still finishing", async () => {
    const { clock, partner, h } = partnerWorker(2, { retry: { maxAttempts: 2 } });
    const replays: Promise<unknown>[] = [];
    // Emitted inside the deliver job, before it returns: a replay's job with the same id as the
    // running one would be dropped by the queue as a duplicate.
    h.lifecycle.on("dead-lettered", ({ eventId }) => {
      replays.push(h.worker.replay(eventId));
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(replays).toHaveLength(1);
    await expect(replays[0]).resolves.toMatchObject({ deliveries: 1 });
    await clock.runAll();
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("delivered");
    expect(partner.delivered).toHaveLength(1);
  });

  it("replays a dead-lettered delivery as a new round of attempts", async () => {
    const { clock, partner, h } = partnerWorker(2, { retry: { maxAttempts: 2 } });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("dead_lettered");

    await expect(h.worker.replay("hw_1")).resolves.toEqual({
      eventId: "hw_1",
      deliveries: 1,
      reprocessed: false,
    });
    await clock.runAll();

    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("delivered");
    expect(event?.deliveries[0]?.attempts.map((a) => [a.attempt, a.ok, a.final])).toEqual([
      [1, false, undefined],
      [2, false, true],
      [1, true, undefined],
    ]);
    expect(partner.delivered).toHaveLength(1);
    expect(h.payloads("replayed")).toEqual([{ eventId: "hw_1", deliveries: 1 }]);
    expect(partner.calls.map((c) => c.idempotencyKey)).toEqual(
      Array(3).fill("hw_1:order-to-partner@1:0:partner"),
    );
  });

  it("fans out to two destinations as two independent deliveries", async () => {
    const clock = createFakeClock();
    const partner = flaky("partner", 1, clock);
    const crm = flaky("crm", 0, clock);
    const both: Transformer = { ...toPartner, to: ["partner", "crm"] };
    const h = startWorker({
      clock,
      transformers: [both],
      destinations: [partner.destination, crm.destination],
    });
    await storeEvent(h.adapter);
    await clock.advance(0);

    expect(h.payloads("transformed")).toEqual([{ eventId: "hw_1", deliveries: 2 }]);
    expect(crm.delivered).toHaveLength(1);
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("processing");
    await clock.runAll();

    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("delivered");
    expect(event?.deliveries.map((d) => [d.destination, d.status, d.attempts.length])).toEqual([
      ["partner", "succeeded", 2],
      ["crm", "succeeded", 1],
    ]);
    expect(partner.delivered).toHaveLength(1);
    expect(crm.delivered).toHaveLength(1);
  });

  it("keeps delivering when a lifecycle listener throws or rejects", async () => {
    const { clock, partner, h } = partnerWorker(1);
    h.lifecycle.on("delivery.attempt", () => {
      throw new Error("metrics exporter is broken");
    });
    h.lifecycle.on("delivery.failed", () => Promise.reject(new Error("alerting is broken")));
    await storeEvent(h.adapter);
    await clock.runAll();

    expect(partner.delivered).toHaveLength(1);
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("delivered");
  });

  it("replay rejects an unknown event id", async () => {
    const { h } = partnerWorker(0);
    await expect(h.worker.replay("hw_missing")).rejects.toBeInstanceOf(EventNotFoundError);
  });

  it("replay leaves an event with nothing dead-lettered alone", async () => {
    const { clock, partner, h } = partnerWorker(0);
    await storeEvent(h.adapter);
    await clock.runAll();
    await expect(h.worker.replay("hw_1")).resolves.toEqual({
      eventId: "hw_1",
      deliveries: 0,
      reprocessed: false,
    });
    await clock.runAll();
    expect(partner.calls).toHaveLength(1);
  });
});
