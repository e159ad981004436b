import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { BackendUnavailableError, silentLogger, type Adapter } from "@hookwise/core";
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOutbox, scheduleRetry, type Outbox } from "../src/index.ts";
import { createFetchTransport } from "../src/fetch-transport.ts";
import {
  eventually,
  settled,
  startOutbox,
  verifyWithStandardWebhooks,
} from "./helpers/outbox-fixtures.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const URL_A = "https://client-a.example/hooks";
const URL_B = "https://client-b.example/hooks";

interface Received {
  body: string;
  headers: Headers;
}

/** A receiver that answers each request with the next status (the last one repeats). */
function receiver(
  url: string,
  statuses: number[],
  extra: (count: number) => Record<string, string> = () => ({}),
) {
  const received: Received[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      received.push({ body: await request.text(), headers: request.headers });
      const status = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      return new HttpResponse(`answer ${String(received.length)}`, {
        status,
        headers: extra(received.length),
      });
    }),
  );
  return received;
}

let outbox: Outbox | undefined;
afterEach(async () => {
  await outbox?.close();
  outbox = undefined;
});

describe("sending", () => {
  it("delivers a message signed with Standard Webhooks that the standardwebhooks package accepts, with a webhook-id stable across retries", async () => {
    outbox = startOutbox();
    const { endpoint, secret } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const received = receiver(URL_A, [500, 503, 200]);
    const sent = await outbox.send({
      tenant: "t1",
      type: "invoice.paid",
      payload: { id: "inv_1", total: 12.5 },
    });
    expect(sent.id).toMatch(/^msg_/);
    expect(sent).toEqual({ id: sent.id, status: "accepted", deliveries: 1 });

    const message = await settled(outbox, sent.id);
    expect(message.status).toBe("delivered");
    expect(received).toHaveLength(3);
    for (const request of received) {
      expect(request.headers.get("webhook-id")).toBe(sent.id);
      expect(request.headers.get("content-type")).toBe("application/json");
      expect(verifyWithStandardWebhooks(secret, request.body, request.headers)).toEqual({
        id: "inv_1",
        total: 12.5,
      });
    }
    const attempts = message.deliveries[0]?.attempts ?? [];
    expect(
      attempts.map((attempt) => [attempt.attempt, attempt.ok, attempt.responseStatus]),
    ).toEqual([
      [1, false, 500],
      [2, false, 503],
      [3, true, 200],
    ]);
    expect(attempts[0]?.responseBody).toBe("answer 1");
    expect(attempts[0]?.nextAttemptInMs).toBeGreaterThanOrEqual(20);
    expect(message.deliveries[0]?.endpointId).toBe(endpoint.id);
  });

  it("fans out to every enabled endpoint of the tenant subscribed to the type, and to no other tenant's", async () => {
    outbox = startOutbox();
    const a = receiver(URL_A, [200]);
    const b = receiver(URL_B, [200]);
    const other = receiver("https://other.example/hooks", [200]);
    const filtered = receiver("https://filtered.example/hooks", [200]);
    const off = receiver("https://off.example/hooks", [200]);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    await outbox.endpoints.create({ tenant: "t1", url: URL_B, eventTypes: ["invoice.paid"] });
    await outbox.endpoints.create({
      tenant: "t1",
      url: "https://filtered.example/hooks",
      eventTypes: ["invoice.voided"],
    });
    await outbox.endpoints.create({
      tenant: "t1",
      url: "https://off.example/hooks",
      enabled: false,
    });
    await outbox.endpoints.create({ tenant: "t2", url: "https://other.example/hooks" });

    const sent = await outbox.send({ tenant: "t1", type: "invoice.paid", payload: { n: 1 } });
    expect(sent.deliveries).toBe(2);
    const message = await settled(outbox, sent.id);
    expect(message.status).toBe("delivered");
    expect([a.length, b.length, other.length, filtered.length, off.length]).toEqual([
      1, 1, 0, 0, 0,
    ]);
  });

  it("sends once per idempotency key, and refuses the key with another payload", async () => {
    outbox = startOutbox();
    const received = receiver(URL_A, [200]);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const first = await outbox.send({
      tenant: "t1",
      type: "order.paid",
      payload: { order: 7 },
      idempotencyKey: "order-7-paid",
    });
    const again = await outbox.send({
      tenant: "t1",
      type: "order.paid",
      payload: { order: 7 },
      idempotencyKey: "order-7-paid",
    });
    expect(again).toEqual({ id: first.id, status: "duplicate" });
    await expect(
      outbox.send({
        tenant: "t1",
        type: "order.paid",
        payload: { order: 8 },
        idempotencyKey: "order-7-paid",
      }),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_CONFLICT", status: 409 });
    // The same key under another tenant is another message.
    const elsewhere = await outbox.send({
      tenant: "t2",
      type: "order.paid",
      payload: { order: 7 },
      idempotencyKey: "order-7-paid",
    });
    expect(elsewhere.id).not.toBe(first.id);
    await settled(outbox, first.id);
    expect(received).toHaveLength(1);
  });

  it("resolves only once the message is stored: a backend that is down rejects the send and nothing is sent", async () => {
    const adapter = createMemoryAdapter();
    const broken: Adapter = {
      ...adapter,
      intake: { accept: () => Promise.reject(new BackendUnavailableError()) },
    };
    outbox = createOutbox({ adapter: broken, transport: createFetchTransport() });
    outbox.start();
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const received = receiver(URL_A, [200]);
    await expect(outbox.send({ tenant: "t1", type: "x", payload: {} })).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(0);
    expect((await adapter.events.list({ limit: 10 })).records).toHaveLength(0);
  });

  it("stores a message for a tenant with no endpoint as delivered, with no delivery", async () => {
    outbox = startOutbox();
    const sent = await outbox.send({ tenant: "nobody", type: "x", payload: [1] });
    expect(sent.deliveries).toBe(0);
    expect(await outbox.getMessage(sent.id)).toMatchObject({
      status: "delivered",
      deliveries: [],
      payload: [1],
    });
  });

  it("refuses payloads that are not JSON or too large, and empty tenants, with 422", async () => {
    outbox = startOutbox({ maxPayloadBytes: 100 });
    await expect(outbox.send({ tenant: "t", type: "x", payload: undefined })).rejects.toMatchObject(
      { status: 422 },
    );
    await expect(
      outbox.send({ tenant: "t", type: "x", payload: { big: "x".repeat(200) } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(outbox.send({ tenant: "", type: "x", payload: {} })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("options", () => {
  it("refuses timer options a runtime timer cannot take (Infinity, or past 2^31 - 1 ms), which would fire at once", () => {
    const adapter = createMemoryAdapter({ logger: silentLogger });
    for (const option of ["timeoutMs", "drainTimeoutMs", "sweepIntervalMs"] as const)
      for (const value of [Infinity, 3e9, Number.NaN])
        expect(() => createOutbox({ adapter, [option]: value })).toThrow(
          expect.objectContaining({ code: "CONFIG_INVALID" }) as unknown,
        );
    expect(() => createOutbox({ adapter, timeoutMs: 2_147_483_647 })).not.toThrow();
  });
});

describe("answers", () => {
  it("honours Retry-After on a 429", async () => {
    outbox = startOutbox();
    receiver(URL_A, [429, 200], () => ({ "retry-after": "1" }));
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const message = await settled(outbox, sent.id);
    expect(message.deliveries[0]?.attempts[0]).toMatchObject({
      responseStatus: 429,
      nextAttemptInMs: 1_000,
    });
    expect(message.status).toBe("delivered");
  });

  it("disables an endpoint that answers 410 Gone, and sends it nothing more", async () => {
    outbox = startOutbox();
    const disabled: unknown[] = [];
    outbox.on("endpoint.disabled", (event) => disabled.push(event));
    const received = receiver(URL_A, [410]);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const message = await settled(outbox, sent.id);
    expect(message.status).toBe("dead_lettered");
    expect(message.deliveries[0]?.attempts).toHaveLength(1);
    expect(message.deliveries[0]?.attempts[0]?.error?.code).toBe("ENDPOINT_GONE");
    expect(await outbox.endpoints.get(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: "gone",
    });
    expect(disabled).toEqual([{ endpointId: endpoint.id, tenant: "t1", reason: "gone" }]);
    expect(
      (await outbox.send({ tenant: "t1", type: "x", payload: { again: true } })).deliveries,
    ).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("does not retry other 4xx, unless the endpoint asks for it", async () => {
    outbox = startOutbox();
    const plain = receiver(URL_A, [400]);
    const retried = receiver(URL_B, [400, 422, 200]);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    await outbox.endpoints.create({ tenant: "t2", url: URL_B, retryClientErrors: true });
    const one = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const two = await outbox.send({ tenant: "t2", type: "x", payload: {} });
    expect((await settled(outbox, one.id)).status).toBe("dead_lettered");
    expect((await settled(outbox, two.id)).status).toBe("delivered");
    expect(plain).toHaveLength(1);
    expect(retried).toHaveLength(3);
  });

  it("does not follow redirects", async () => {
    outbox = startOutbox();
    const target = receiver("https://elsewhere.example/hooks", [200]);
    server.use(
      http.post(
        URL_A,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: "https://elsewhere.example/hooks" },
          }),
      ),
    );
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const message = await settled(outbox, sent.id);
    expect(message.deliveries[0]?.attempts[0]).toMatchObject({ responseStatus: 302, final: true });
    expect(message.deliveries[0]?.attempts[0]?.error?.message).toMatch(
      /redirects are not followed/,
    );
    expect(target).toHaveLength(0);
  });

  it("times out a receiver that answers too late, or whose body never ends, and retries it", async () => {
    outbox = startOutbox({ timeoutMs: 100, retry: scheduleRetry([10]) });
    server.use(
      http.post(URL_A, async () => {
        await delay(400);
        return new HttpResponse("late");
      }),
      http.post(URL_B, () => {
        const stream = new ReadableStream({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode("a"));
            await delay(400);
            controller.enqueue(new TextEncoder().encode("b"));
            controller.close();
          },
        });
        return new HttpResponse(stream, { status: 200 });
      }),
    );
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    await outbox.endpoints.create({ tenant: "t2", url: URL_B });
    for (const tenant of ["t1", "t2"]) {
      const sent = await outbox.send({ tenant, type: "x", payload: {} });
      const message = await settled(outbox, sent.id);
      expect(message.status, tenant).toBe("dead_lettered");
      expect(
        message.deliveries[0]?.attempts.map((attempt) => attempt.error?.code),
        tenant,
      ).toEqual(["TIMEOUT", "TIMEOUT"]);
    }
  });

  it("keeps only the start of a large response body", async () => {
    outbox = startOutbox();
    server.use(http.post(URL_A, () => new HttpResponse("x".repeat(100_000), { status: 500 })));
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const message = await eventually(async () => {
      const current = await outbox?.getMessage(sent.id);
      return (current?.deliveries[0]?.attempts.length ?? 0) > 0 ? current : undefined;
    });
    const body = message.deliveries[0]?.attempts[0]?.responseBody ?? "";
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThanOrEqual(4096);
  });
});
