import { createHttpDestination, type Transformer } from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { useMswServer } from "../helpers/msw-server.ts";
import { storeEvent } from "../helpers/stored-event.ts";
import { startWorker } from "../helpers/worker-harness.ts";

const URL_ = "https://partner.example.test/orders";
const server = useMswServer();

const toPartner: Transformer = {
  name: "order-to-partner",
  source: "shop",
  type: "order.completed",
  to: ["partner"],
  transform: ({ payload }) => payload,
};

/** Answers with `statuses` in turn (the last one repeats) and counts requests. */
function partnerAnswering(...answers: { status: number; headers?: Record<string, string> }[]) {
  const requests: Request[] = [];
  server.use(
    http.post(URL_, ({ request }) => {
      requests.push(request);
      const answer = answers[Math.min(requests.length, answers.length) - 1] ?? { status: 200 };
      return new HttpResponse(null, answer);
    }),
  );
  return requests;
}

describe("createWorker with an HTTP destination", () => {
  it("does not retry a 400: one attempt, dead-lettered", async () => {
    const clock = createFakeClock();
    const requests = partnerAnswering({ status: 400 });
    const destination = createHttpDestination({ name: "partner", url: URL_, clock });
    const h = startWorker({ clock, transformers: [toPartner], destinations: [destination] });
    await storeEvent(h.adapter);

    await expect(h.next("dead-lettered")).resolves.toMatchObject({ attempts: 1 });
    await clock.runAll();
    expect(requests).toHaveLength(1);
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.deliveries[0]?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, ok: false, responseStatus: 400, final: true }),
    ]);
    expect(h.payloads("delivery.failed")).toEqual([
      expect.objectContaining({ responseStatus: 400, willRetry: false, code: "DELIVERY_FAILED" }),
    ]);
  });

  it("waits exactly the Retry-After seconds before the next attempt", async () => {
    const clock = createFakeClock();
    const requests = partnerAnswering(
      { status: 503, headers: { "retry-after": "7" } },
      { status: 202 },
    );
    const destination = createHttpDestination({ name: "partner", url: URL_, clock });
    const h = startWorker({ clock, transformers: [toPartner], destinations: [destination] });
    await storeEvent(h.adapter);

    await expect(h.next("delivery.failed")).resolves.toMatchObject({
      responseStatus: 503,
      willRetry: true,
      nextAttemptInMs: 7_000,
    });
    await clock.advance(6_999);
    expect(requests).toHaveLength(1);
    await clock.advance(1);
    await expect(h.next("delivery.succeeded")).resolves.toMatchObject({
      attempt: 2,
      responseStatus: 202,
    });
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual([
      "hw_1:order-to-partner@1:0:partner",
      "hw_1:order-to-partner@1:0:partner",
    ]);
  });

  it("retries a 500 with backoff and succeeds", async () => {
    const clock = createFakeClock();
    const requests = partnerAnswering({ status: 500 }, { status: 200 });
    const destination = createHttpDestination({ name: "partner", url: URL_, clock });
    const h = startWorker({ clock, transformers: [toPartner], destinations: [destination] });
    await storeEvent(h.adapter);

    await expect(h.next("delivery.failed")).resolves.toMatchObject({ nextAttemptInMs: 1_500 });
    await clock.advance(1_500);
    await h.next("delivery.succeeded");
    expect(requests).toHaveLength(2);
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("delivered");
  });
});
