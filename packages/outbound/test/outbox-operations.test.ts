import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger, systemClock } from "@hookwise/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_SEND_STALLS } from "../src/deliver-message.ts";
import { scheduleRetry, type OutboxEvents } from "../src/index.ts";
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

let outbox: ReturnType<typeof startOutbox> | undefined;
afterEach(async () => {
  await outbox?.close();
  outbox = undefined;
});

/** A receiver whose answer can be switched while the test runs. */
function switchable(url: string, initial: number) {
  const state = { status: initial, received: [] as { body: string; headers: Headers }[] };
  server.use(
    http.post(url, async ({ request }) => {
      state.received.push({ body: await request.text(), headers: request.headers });
      return new HttpResponse(null, { status: state.status });
    }),
  );
  return state;
}

describe("circuit breaker", () => {
  it("pauses deliveries to an endpoint after repeated failures, leaves other endpoints alone, and resumes after a successful probe", async () => {
    outbox = startOutbox({
      circuitBreaker: { failureThreshold: 3, cooldownMs: 300 },
      retry: scheduleRetry([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    });
    const events: string[] = [];
    for (const name of ["endpoint.circuit_opened", "endpoint.circuit_closed"] as const)
      outbox.on(name, () => events.push(name));
    const failing = switchable(URL_A, 500);
    const healthy = switchable(URL_B, 200);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    await outbox.endpoints.create({ tenant: "t2", url: URL_B });

    const stuck = await outbox.send({ tenant: "t1", type: "x", payload: { n: 1 } });
    await eventually(() => (events.includes("endpoint.circuit_opened") ? true : undefined));
    const whenOpened = failing.received.length;
    expect(whenOpened).toBe(3);
    // While open, the other endpoint is served and this one gets nothing.
    const other = await outbox.send({ tenant: "t2", type: "x", payload: {} });
    expect((await settled(outbox, other.id)).status).toBe("delivered");
    expect(failing.received.length).toBe(whenOpened);
    const [state] = await outbox.listFailingEndpoints();
    expect(state).toMatchObject({
      endpoint: { id: endpoint.id },
      circuit: "open",
      health: { failureStreak: 3 },
    });

    failing.status = 200;
    const message = await settled(outbox, stuck.id, 5_000);
    expect(message.status).toBe("delivered");
    expect(events).toEqual(["endpoint.circuit_opened", "endpoint.circuit_closed"]);
    expect(await outbox.listFailingEndpoints()).toEqual([]);
    expect(healthy.received).toHaveLength(1);
  });
});

describe("circuit breaker probes", () => {
  it("closes the circuit when the probe is answered, even with a 4xx that is this message's fault", async () => {
    outbox = startOutbox({
      circuitBreaker: { failureThreshold: 2, cooldownMs: 200 },
      retry: scheduleRetry([10, 10, 10, 10, 10]),
    });
    const events: string[] = [];
    for (const name of ["endpoint.circuit_opened", "endpoint.circuit_closed"] as const)
      outbox.on(name, () => events.push(name));
    const receiver = switchable(URL_A, 500);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const first = await outbox.send({ tenant: "t1", type: "x", payload: { n: 1 } });
    await eventually(() => (events.includes("endpoint.circuit_opened") ? true : undefined));

    // Sent while the circuit is open: it waits without an attempt, and leaves `queued` (its job
    // is in the queue, so the sweep has nothing to do for it).
    const waiting = await outbox.send({ tenant: "t1", type: "x", payload: { n: 2 } });
    const current = outbox;
    await eventually(async () =>
      (await current.getMessage(waiting.id))?.status === "processing" ? true : undefined,
    );
    expect(await outbox.listAttempts(waiting.id)).toEqual([]);

    receiver.status = 400;
    expect((await settled(outbox, first.id, 5_000)).status).toBe("dead_lettered");
    await eventually(() => (events.includes("endpoint.circuit_closed") ? true : undefined));
    // Whichever message carried the probe, both end: nothing stays paused behind a closed circuit.
    receiver.status = 200;
    await settled(outbox, waiting.id, 5_000);
    expect(await outbox.listFailingEndpoints()).toEqual([]);
  });
});

describe("secrets", () => {
  it("signs with both secrets during a rotation's overlap, then with the new one only", async () => {
    outbox = startOutbox();
    const receiver = switchable(URL_A, 200);
    const { endpoint, secret: oldSecret } = await outbox.endpoints.create({
      tenant: "t1",
      url: URL_A,
    });
    const rotated = await outbox.endpoints.rotateSecret(endpoint.id, { overlapMs: 60_000 });
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.endpoint.activeSecrets).toBe(2);
    const during = await outbox.send({ tenant: "t1", type: "x", payload: { n: 1 } });
    await settled(outbox, during.id);
    const first = receiver.received[0];
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(first.headers.get("webhook-signature")?.split(" ")).toHaveLength(2);
    expect(verifyWithStandardWebhooks(oldSecret, first.body, first.headers)).toEqual({ n: 1 });
    expect(verifyWithStandardWebhooks(rotated.secret, first.body, first.headers)).toEqual({ n: 1 });

    const again = await outbox.endpoints.rotateSecret(endpoint.id, { overlapMs: 0 });
    const after = await outbox.send({ tenant: "t1", type: "x", payload: { n: 2 } });
    await settled(outbox, after.id);
    const second = receiver.received[1];
    if (second === undefined) throw new Error("no second request");
    expect(second.headers.get("webhook-signature")?.split(" ")).toHaveLength(1);
    expect(() => verifyWithStandardWebhooks(rotated.secret, second.body, second.headers)).toThrow();
    expect(verifyWithStandardWebhooks(again.secret, second.body, second.headers)).toEqual({ n: 2 });
  });

  it("never shows a secret in a view, a listing, a lifecycle event or a log line", async () => {
    outbox = startOutbox({ retry: scheduleRetry([10]) });
    const seen: unknown[] = [];
    const names: (keyof OutboxEvents)[] = [
      "message.accepted",
      "attempt.failed",
      "delivery.dead_lettered",
      "message.dead_lettered",
    ];
    for (const name of names) outbox.on(name, (event) => seen.push(event));
    switchable(URL_A, 500);
    const { endpoint, secret } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const rotated = await outbox.endpoints.rotateSecret(endpoint.id);
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    await settled(outbox, sent.id);
    const everything = JSON.stringify([
      await outbox.endpoints.get(endpoint.id),
      await outbox.endpoints.list("t1"),
      await outbox.listFailingEndpoints(),
      await outbox.listDeadLetters(),
      await outbox.getMessage(sent.id),
      seen,
      outbox.logger.lines,
    ]);
    expect(outbox.logger.lines.some((line) => line.level === "warn")).toBe(true);
    for (const value of [secret, rotated.secret, secret.slice(6), rotated.secret.slice(6)])
      expect(everything).not.toContain(value);
  });

  it("accepts a secret you bring, and refuses one that is not whsec_ base64", async () => {
    outbox = startOutbox();
    const own = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const created = await outbox.endpoints.create({ tenant: "t1", url: URL_A, secret: own });
    expect(created.secret).toBe(own);
    // The caller's input, not our configuration: 422 with the field, never a 500.
    await expect(
      outbox.endpoints.create({ tenant: "t1", url: URL_A, secret: "not-a-secret" }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/whsec_/) as unknown });
    // Cut short on paste: a lenient decoder still finds 24 or 32 bytes, the signer's strict one none.
    for (const cut of [`whsec_${"A".repeat(42)}B`, `whsec_${"A".repeat(33)}`])
      await expect(
        outbox.endpoints.create({ tenant: "t1", url: URL_A, secret: cut }),
      ).rejects.toMatchObject({ status: 422 });
    const unpadded = `whsec_${Buffer.alloc(32, 9).toString("base64").replace(/=+$/, "")}`;
    expect(
      (await outbox.endpoints.create({ tenant: "t1", url: URL_A, secret: unpadded })).secret,
    ).toBe(unpadded);
    await expect(
      outbox.endpoints.update(created.endpoint.id, {
        retry: { kind: "schedule", delaysMs: [-1] },
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("dead-letters a delivery whose endpoint's secret cannot sign (stored before it was checked) with one final attempt, instead of retrying it forever", async () => {
    const adapter = createMemoryAdapter({ logger: silentLogger });
    outbox = startOutbox({ adapter });
    const receiver = switchable(URL_A, 200);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const store = adapter.endpoints;
    const stored = await store?.get(endpoint.id);
    if (store === undefined || stored === undefined) throw new Error("endpoint not stored");
    await store.replace({
      ...stored,
      secrets: [{ secret: `whsec_${"A".repeat(42)}B`, createdAt: stored.createdAt }],
    });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    const message = await settled(outbox, sent.id);
    expect(message.status).toBe("dead_lettered");
    const attempts = await outbox.listAttempts(sent.id, endpoint.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ ok: false, error: { code: "SIGNING_FAILED" } });
    expect(receiver.received).toEqual([]);
  });

  it("signs with the rotated secret alone after a rotation without overlap in the same millisecond", async () => {
    // A clock that never moves: creation, the first delivery and the rotation share one millisecond.
    const now = Date.now();
    outbox = startOutbox({ clock: { ...systemClock, now: () => now } });
    const receiver = switchable(URL_A, 200);
    const { endpoint, secret } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const first = await outbox.send({ tenant: "t1", type: "x", payload: { n: 1 } });
    await settled(outbox, first.id);
    const rotated = await outbox.endpoints.rotateSecret(endpoint.id, { overlapMs: 0 });
    const second = await outbox.send({ tenant: "t1", type: "x", payload: { n: 2 } });
    await settled(outbox, second.id);
    const [, request] = receiver.received;
    if (request === undefined) throw new Error("no second request");
    expect(verifyWithStandardWebhooks(rotated.secret, request.body, request.headers)).toEqual({
      n: 2,
    });
    expect(() => verifyWithStandardWebhooks(secret, request.body, request.headers)).toThrow();
  });
});

describe("listeners and concurrent changes", () => {
  it("keeps the retry schedule and the 410 handling when a listener throws or rejects", async () => {
    const retries = scheduleRetry([60_000]);
    outbox = startOutbox({ retry: retries });
    outbox.on("attempt.failed", () => {
      throw new Error("listener bug");
    });
    outbox.on("message.accepted", () => Promise.reject(new Error("async listener bug")));
    switchable(URL_A, 500);
    const gone = switchable(URL_B, 410);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const { endpoint: goneEndpoint } = await outbox.endpoints.create({ tenant: "t2", url: URL_B });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    await outbox.send({ tenant: "t2", type: "x", payload: {} });

    await eventually(async () =>
      (await outbox?.listAttempts(sent.id))?.length ? true : undefined,
    );
    await eventually(async () =>
      (await outbox?.endpoints.get(goneEndpoint.id))?.enabled === false ? true : undefined,
    );
    // The failed attempt waits its 60 s, not a redelivery of a job that threw.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await outbox.listAttempts(sent.id)).toHaveLength(1);
    expect(gone.received).toHaveLength(1);
    expect(
      outbox.logger.lines.filter((line) => line.message === "An outbox listener failed"),
    ).not.toHaveLength(0);
  });

  it("does not undo an endpoint change made while the request that answered 410 was in flight", async () => {
    outbox = startOutbox();
    const created = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const current = outbox;
    server.use(
      http.post(URL_A, async () => {
        // The client moves its endpoint while the old URL answers 410.
        await current.endpoints.update(created.endpoint.id, { url: URL_B });
        return new HttpResponse(null, { status: 410 });
      }),
    );
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    expect((await settled(outbox, sent.id)).status).toBe("dead_lettered");
    expect(await outbox.endpoints.get(created.endpoint.id)).toMatchObject({
      url: URL_B,
      enabled: true,
    });
  });

  it("delivers a replay asked for while the dead-lettering attempt is still finishing", async () => {
    outbox = startOutbox({ retry: scheduleRetry([]) });
    const receiver = switchable(URL_A, 500);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const current = outbox;
    const replays: Promise<unknown>[] = [];
    // Emitted inside the job, before it finishes: the window a replay's job used to be dropped in.
    outbox.on("delivery.dead_lettered", ({ messageId }) => {
      receiver.status = 200;
      replays.push(current.replay(messageId));
    });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    await eventually(() => (replays.length > 0 ? true : undefined));
    await expect(replays[0]).resolves.toMatchObject({ deliveries: 1 });
    expect((await settled(outbox, sent.id)).status).toBe("delivered");
    expect(receiver.received).toHaveLength(2);
  });
});

describe("dead letters and replay", () => {
  it("gives up a send whose worker died MAX_SEND_STALLS times while running it, with one final attempt, and sends one that stalled fewer times", async () => {
    const memory = createMemoryAdapter({ logger: silentLogger });
    let stalls = MAX_SEND_STALLS;
    // As Redis's stalled-job recovery would count them: workers killed while sending.
    const adapter = {
      ...memory,
      queue: {
        ...memory.queue,
        consume: (...[handler, options]: Parameters<typeof memory.queue.consume>) =>
          memory.queue.consume(
            (job, context) =>
              handler(job, job.kind === "outbound.send" ? { ...context, stalls } : context),
            options,
          ),
      },
    };
    outbox = startOutbox({ adapter });
    const receiver = switchable(URL_A, 200);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const doomed = await outbox.send({ tenant: "t1", type: "x", payload: { n: 1 } });
    expect((await settled(outbox, doomed.id)).status).toBe("dead_lettered");
    const attempts = await outbox.listAttempts(doomed.id, endpoint.id);
    expect(attempts).toMatchObject([{ ok: false, final: true, error: { code: "WORKER_STOPPED" } }]);
    expect(receiver.received).toEqual([]);

    stalls = MAX_SEND_STALLS - 1;
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: { n: 2 } });
    expect((await settled(outbox, sent.id)).status).toBe("delivered");
    expect(receiver.received).toHaveLength(1);
  });

  it("lists a delivery that ran out of attempts, and replays it (one, or all of an endpoint since a time)", async () => {
    outbox = startOutbox({ retry: scheduleRetry([10]) });
    const receiver = switchable(URL_A, 503);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const before = Date.now();
    const one = await outbox.send({ tenant: "t1", type: "a", payload: { n: 1 } });
    const two = await outbox.send({ tenant: "t1", type: "b", payload: { n: 2 } });
    expect((await settled(outbox, one.id)).status).toBe("dead_lettered");
    expect((await settled(outbox, two.id)).status).toBe("dead_lettered");
    expect(receiver.received).toHaveLength(4);

    const letters = await outbox.listDeadLetters({ endpointId: endpoint.id, since: before });
    expect(
      letters.map((letter) => [letter.messageId, letter.code, letter.lastAttempt?.responseStatus]),
    ).toEqual([
      [one.id, "HTTP_STATUS", 503],
      [two.id, "HTTP_STATUS", 503],
    ]);
    expect(await outbox.listDeadLetters({ since: Date.now() + 60_000 })).toEqual([]);
    await expect(outbox.listDeadLetters({ limit: 0 })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });

    receiver.status = 200;
    expect(await outbox.replay(one.id)).toEqual({ messageId: one.id, deliveries: 1 });
    expect((await settled(outbox, one.id)).status).toBe("delivered");
    expect(await outbox.replayDeadLetters({ endpointId: endpoint.id, since: before })).toBe(1);
    const replayed = await settled(outbox, two.id);
    expect(replayed.status).toBe("delivered");
    // The new round is recorded after the old one, numbered from 1 again.
    expect(
      replayed.deliveries[0]?.attempts.map((attempt) => [attempt.attempt, attempt.ok]),
    ).toEqual([
      [1, false],
      [2, false],
      [1, true],
    ]);
    expect(await outbox.listAttempts(two.id, endpoint.id)).toHaveLength(3);
    await expect(outbox.replay("msg_unknown")).rejects.toMatchObject({
      code: "MESSAGE_NOT_FOUND",
      status: 404,
    });
  });

  it("dead-letters pending deliveries of an endpoint that was disabled, and delivers them after it is enabled and replayed", async () => {
    outbox = startOutbox({ retry: scheduleRetry([200]) });
    const receiver = switchable(URL_A, 500);
    const { endpoint } = await outbox.endpoints.create({ tenant: "t1", url: URL_A });
    const sent = await outbox.send({ tenant: "t1", type: "x", payload: {} });
    await eventually(() => (receiver.received.length === 1 ? true : undefined));
    await outbox.endpoints.disable(endpoint.id);
    const message = await settled(outbox, sent.id);
    expect(message.deliveries[0]?.attempts.at(-1)?.error?.code).toBe("ENDPOINT_DISABLED");
    receiver.status = 200;
    await outbox.endpoints.enable(endpoint.id);
    await outbox.replay(sent.id);
    expect((await settled(outbox, sent.id)).status).toBe("delivered");
  });
});

describe("rate limit", () => {
  it("spreads deliveries to an endpoint with rateLimitPerSecond instead of sending them at once", async () => {
    outbox = startOutbox();
    const paused: unknown[] = [];
    outbox.on("delivery.paused", (event) => paused.push(event));
    const receiver = switchable(URL_A, 200);
    await outbox.endpoints.create({ tenant: "t1", url: URL_A, rateLimitPerSecond: 5 });
    const ids: string[] = [];
    for (let index = 0; index < 8; index++)
      ids.push((await outbox.send({ tenant: "t1", type: "x", payload: { index } })).id);
    for (const id of ids) expect((await settled(outbox, id)).status).toBe("delivered");
    expect(receiver.received).toHaveLength(8);
    expect(paused.length).toBeGreaterThan(0);
    expect(paused[0]).toMatchObject({ reason: "rate_limited" });
  });
});

describe("registration", () => {
  it("refuses URLs with a literal loopback, private or metadata address with 422, and allows loopback only when development asks", async () => {
    outbox = startOutbox();
    for (const url of [
      "http://127.0.0.1:4000/hooks",
      "http://10.1.2.3/hooks",
      "http://[::1]/hooks",
      "http://169.254.169.254/latest",
      "http://localhost:3000/x",
      "ftp://example.com/x",
      "https://user:pass@example.com/x",
    ])
      await expect(outbox.endpoints.create({ tenant: "t1", url }), url).rejects.toMatchObject({
        status: 422,
        code: "ENDPOINT_URL_REFUSED",
      });
    await outbox.close();
    outbox = startOutbox({ allowPrivateNetworks: true });
    await expect(
      outbox.endpoints.create({ tenant: "t1", url: "http://127.0.0.1:4000/hooks" }),
    ).resolves.toMatchObject({ endpoint: { url: "http://127.0.0.1:4000/hooks" } });
    await expect(
      outbox.endpoints.create({ tenant: "t1", url: "http://169.254.169.254/latest" }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("updates settings, keeps the rest, and answers 404 for an unknown endpoint", async () => {
    outbox = startOutbox();
    const { endpoint } = await outbox.endpoints.create({
      tenant: "t1",
      url: URL_A,
      description: "main",
    });
    const updated = await outbox.endpoints.update(endpoint.id, { url: URL_B, eventTypes: ["a.b"] });
    expect(updated).toMatchObject({
      url: URL_B,
      eventTypes: ["a.b"],
      description: "main",
      enabled: true,
    });
    await expect(outbox.endpoints.update("ep_missing", { url: URL_B })).rejects.toMatchObject({
      status: 404,
    });
    expect(await outbox.endpoints.delete(endpoint.id)).toBe(true);
    expect(await outbox.endpoints.get(endpoint.id)).toBeUndefined();
  });
});
