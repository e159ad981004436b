import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mapOrderToHail } from "../../src/hail/order-to-hail.ts";
import { listen, type RunningServer } from "../../src/listen.ts";
import { createMockHail, type MockHail } from "../../src/mock-hail/mock-hail.ts";
import { sampleOrderCompletedEvent } from "../../src/newstore/sample-events.ts";

let hail: MockHail;
let server: RunningServer;

beforeEach(async () => {
  hail = createMockHail();
  server = await listen(hail.app, 0, "127.0.0.1");
});

afterEach(async () => {
  await server.close();
});

const transaction = mapOrderToHail(sampleOrderCompletedEvent());

function post(body: unknown, key: string | null = "key-1"): Promise<Response> {
  return fetch(`${server.url}/events/v2/transaction/`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key === null ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify(body),
  });
}

describe("mock Hail", () => {
  it("records a valid transaction once per Idempotency-Key and replays the first answer", async () => {
    const first = await post(transaction);
    const again = await post(transaction);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(hail.transactions()).toHaveLength(1);
  });

  it("answers 409 when the same sale comes with another key", async () => {
    await post(transaction, "key-1");
    expect((await post(transaction, "key-2")).status).toBe(409);
  });

  it("rejects a body that is not a Hail transaction with 422 and the failing paths", async () => {
    const response = await post({
      ...transaction,
      totals: { ...transaction.totals, total: 345.47 },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ issues: [{ path: "totals.total" }] });
  });

  it("requires an Idempotency-Key", async () => {
    expect((await post(transaction, null)).status).toBe(400);
  });

  it("fails the next N calls and throttles with Retry-After when told to over HTTP", async () => {
    const control = (path: string, body: unknown) =>
      fetch(`${server.url}/__mock/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await control("fail-next", { count: 2, status: 502 })).status).toBe(204);
    expect((await control("throttle-next", { count: 1, retryAfterSeconds: 7 })).status).toBe(204);
    const statuses = [];
    let retryAfter: string | null = null;
    for (let call = 0; call < 4; call += 1) {
      const response = await post(transaction);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toEqual([502, 502, 429, 201]);
    expect(retryAfter).toBe("7");
    expect((await control("fail-next", { count: 1, status: 200 })).status).toBe(400);
  });
});
