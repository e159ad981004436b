import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { describe, expect, it, vi } from "vitest";
import type { Adapter } from "../../src/adapter.ts";
import { createIngestor } from "../../src/create-ingestor.ts";
import { ConfigurationError } from "../../src/errors.ts";
import { DEFAULT_MAX_BODY_BYTES } from "../../src/ingest/limits.ts";
import { silentLogger } from "../../src/util/logger.ts";
import {
  createHarness,
  json,
  order,
  PAYLOAD_MARKER,
  SECRET,
  shopSource,
  signed,
} from "../helpers/ingest-harness.ts";

describe("accepting an event", () => {
  it("answers 202 with the event id only once the event is stored and enqueued", async () => {
    const { ingestor, adapter } = createHarness();
    const response = await ingestor.handle(await signed(order("ord_1")));

    expect(response.status).toBe(202);
    const { id, status } = json(response);
    expect(status).toBe("accepted");
    const record = await ingestor.getEvent(String(id));
    expect(record?.status).toBe("queued");
    expect(record?.type).toBe("order.completed");
    expect(await adapter.queue.counts()).toMatchObject({ waiting: 1 });
    await ingestor.close();
  });

  it("keeps the raw bytes exactly as received", async () => {
    const { ingestor } = createHarness();
    const text = `{"id":"ord_ws",  "type":"order.completed","data":{"total":1,"currency":"EUR","email":"é@x"}}`;
    const request = await signed(text);
    const { id } = json(await ingestor.handle(request));
    const record = await ingestor.getEvent(String(id));
    expect(new TextDecoder().decode(record?.body)).toBe(text);
    await ingestor.close();
  });

  it("serves web-standard hosts through fetch(Request)", async () => {
    const { ingestor } = createHarness();
    const request = await signed(order("ord_fetch"));
    const response = await ingestor.fetch(
      new Request("http://127.0.0.1/webhooks/shop", {
        method: "POST",
        headers: request.headers,
        body: request.body as Uint8Array<ArrayBuffer>,
      }),
    );
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(((await response.json()) as { status: string }).status).toBe("accepted");
    await ingestor.close();
  });
});

describe("duplicates and conflicts", () => {
  it("answers a retried event (same key, same bytes) with 200 duplicate and the same id, and delivers it once", async () => {
    const { ingestor, clock, delivered } = createHarness();
    ingestor.start();
    const first = await ingestor.handle(await signed(order("ord_dup")));
    const second = await ingestor.handle(await signed(order("ord_dup")));

    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(json(second)).toEqual({ id: json(first).id, status: "duplicate" });
    await clock.runAll();
    expect(delivered).toEqual([{ orderId: "ord_dup", total: 4200 }]);
    await ingestor.close();
  });

  it("answers the same key with other bytes 409 and records the conflict without processing it", async () => {
    const { ingestor } = createHarness();
    await ingestor.handle(await signed(order("ord_c")));
    const changed = order("ord_c", { data: { total: 1, currency: "EUR", email: "x" } });
    const response = await ingestor.handle(await signed(changed));

    expect(response.status).toBe(409);
    expect(json(response)).toMatchObject({ error: { code: "IDEMPOTENCY_CONFLICT" } });
    const conflicts = await ingestor.listEvents({ status: "conflict", limit: 10 });
    expect(conflicts.records).toHaveLength(1);
    expect(conflicts.records[0]?.idempotencyKey).toBe("ord_c");
    await ingestor.close();
  });

  it("with conflicts: record, acknowledges a reused key with other bytes, keeps it, and processes only the first", async () => {
    const { ingestor, delivered } = createHarness({ conflicts: "record", realClock: true });
    ingestor.start();
    const first = await ingestor.handle(await signed(order("ord_r")));
    const changed = order("ord_r", { data: { total: 1, currency: "EUR", email: "x" } });
    const again = await ingestor.handle(await signed(changed));

    expect(again.status).toBe(200);
    expect(json(again)).toEqual({ id: json(first).id, status: "conflict" });
    const conflicts = await ingestor.listEvents({ status: "conflict", limit: 10 });
    expect(conflicts.records.map((record) => record.idempotencyKey)).toEqual(["ord_r"]);
    await ingestor.close();
    expect(delivered).toEqual([{ orderId: "ord_r", total: 4200 }]);
  });

  it("with conflicts: record, answers 503 when the conflict cannot be stored, so the sender retries", async () => {
    const base = createMemoryAdapter({ logger: silentLogger });
    const adapter: Adapter = {
      ...base,
      events: { ...base.events, insert: () => Promise.reject(new Error("ECONNRESET")) },
    };
    const { ingestor } = createHarness({ adapter, conflicts: "record" });
    expect((await ingestor.handle(await signed(order("ord_x")))).status).toBe(202);
    const changed = order("ord_x", { data: { total: 1, currency: "EUR", email: "x" } });
    expect((await ingestor.handle(await signed(changed))).status).toBe(503);
    await ingestor.close();
  });

  it("announces the adapter's backend going away and coming back as lifecycle events", async () => {
    const base = createMemoryAdapter({ logger: silentLogger });
    let report: ((health: { available: boolean; error?: string }) => void) | undefined;
    let unsubscribed = false;
    const adapter: Adapter = {
      ...base,
      onHealthChange: (listener) => {
        report = listener;
        return () => (unsubscribed = true);
      },
    };
    const { ingestor } = createHarness({ adapter });
    const seen: string[] = [];
    ingestor.on("backend.unavailable", ({ adapter: name, error }) =>
      seen.push(`down ${name} ${String(error)}`),
    );
    ingestor.on("backend.restored", ({ adapter: name }) => seen.push(`up ${name}`));
    report?.({ available: false, error: "ECONNREFUSED" });
    report?.({ available: true });
    expect(seen).toEqual(["down memory ECONNREFUSED", "up memory"]);
    await ingestor.close();
    expect(unsubscribed).toBe(true);
  });

  it("finds an event by its source and the provider's id", async () => {
    const { ingestor } = createHarness();
    const accepted = await ingestor.handle(await signed(order("ord_find")));
    const found = await ingestor.findEvent({ source: "shop", key: "ord_find" });
    expect(found?.id).toBe(json(accepted).id);
    expect(found?.idempotencyKey).toBe("ord_find");
    expect(await ingestor.findEvent({ source: "shop", key: "ord_none" })).toBeUndefined();
    expect(await ingestor.findEvent({ source: "other", key: "ord_find" })).toBeUndefined();
    await ingestor.close();
  });

  it("lets exactly one of many concurrent deliveries of the same event through", async () => {
    const { ingestor, adapter } = createHarness();
    const request = await signed(order("ord_race"));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => ingestor.handle({ ...request })),
    );
    const statuses = responses.map((response) => response.status);

    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.every((status) => status === 202 || status === 200 || status === 409)).toBe(
      true,
    );
    expect(await adapter.queue.counts()).toMatchObject({ waiting: 1 });
    await ingestor.close();
  });
});

describe("rejecting bad requests with the right status", () => {
  it("answers 401 when the signature is missing", async () => {
    const { ingestor } = createHarness();
    const request = await signed(order());
    const { "x-shop-signature": _removed, ...headers } = request.headers;
    const response = await ingestor.handle({ ...request, headers });
    expect(response.status).toBe(401);
    expect(json(response)).toMatchObject({ error: { code: "SIGNATURE_MISSING" } });
    await ingestor.close();
  });

  it("answers 401 when the signature is malformed or made with another secret", async () => {
    const { ingestor } = createHarness();
    const malformed = await signed(order(), { headers: { "x-shop-signature": "sha256=not-hex" } });
    const wrong = await signed(order(), { secret: "another-secret" });
    expect((await ingestor.handle(malformed)).status).toBe(401);
    const response = await ingestor.handle(wrong);
    expect(response.status).toBe(401);
    expect(json(response)).toMatchObject({ error: { code: "SIGNATURE_MISMATCH" } });
    await ingestor.close();
  });

  it("answers 401 when the body was changed after signing", async () => {
    const { ingestor } = createHarness();
    const request = await signed(order());
    const tampered = new TextEncoder().encode(
      JSON.stringify(order("ord_1", { data: { total: 1, currency: "EUR", email: "a" } })),
    );
    expect((await ingestor.handle({ ...request, body: tampered })).status).toBe(401);
    await ingestor.close();
  });

  it("answers 400 for a body that is not JSON, without quoting it", async () => {
    const { ingestor } = createHarness();
    const response = await ingestor.handle(await signed(`{"id": "x", ${PAYLOAD_MARKER}`));
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({ error: { code: "PAYLOAD_MALFORMED" } });
    expect(response.body).not.toContain(PAYLOAD_MARKER);
    // JSON.parse quotes short bodies in full in its own message; that message must not reach the sender.
    const short = await ingestor.handle(await signed("leak9"));
    expect(short.status).toBe(400);
    expect(short.body).not.toContain("leak9");
    await ingestor.close();
  });

  it("answers 400 when the event has no id to deduplicate on", async () => {
    const { ingestor } = createHarness();
    const response = await ingestor.handle(await signed({ type: "order.completed" }));
    expect(response.status).toBe(400);
    await ingestor.close();
  });

  it("answers 422 with issue paths, but no payload values, when the schema rejects the payload", async () => {
    const { ingestor } = createHarness();
    const response = await ingestor.handle(
      await signed(
        order("ord_bad", { data: { total: -5, currency: "EURO", email: PAYLOAD_MARKER } }),
      ),
    );
    expect(response.status).toBe(422);
    const { error } = json(response) as { error: { code: string; issues: { path: unknown[] }[] } };
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ["data", "total"],
        ["data", "currency"],
      ]),
    );
    expect(response.body).not.toContain(PAYLOAD_MARKER);
    expect(response.body).not.toContain("EURO");
    await ingestor.close();
  });

  it("answers 413 above the 1 MiB default, from a buffer, a declared length or a stream", async () => {
    const { ingestor } = createHarness();
    const big = new Uint8Array(DEFAULT_MAX_BODY_BYTES + 1).fill(0x20);
    const request = await signed(order());
    expect((await ingestor.handle({ ...request, body: big })).status).toBe(413);
    const declared = {
      ...request,
      headers: { ...request.headers, "content-length": String(DEFAULT_MAX_BODY_BYTES + 1) },
    };
    expect((await ingestor.handle(declared)).status).toBe(413);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await ingestor.handle({ ...request, body: stream });
    expect(response.status).toBe(413);
    expect(json(response)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    // It stopped reading soon after the limit instead of buffering an endless stream.
    expect(pulled).toBeLessThan(40);
    await ingestor.close();
  });

  it("honours a smaller maxBodyBytes option", async () => {
    const { ingestor } = createHarness({ maxBodyBytes: 64 });
    const response = await ingestor.handle(await signed(order()));
    expect(response.status).toBe(413);
    await ingestor.close();
  });

  it("answers 415 for a media type the source does not accept, and for none", async () => {
    const { ingestor } = createHarness();
    const request = await signed(order());
    const form = await ingestor.handle({
      ...request,
      headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const { "content-type": _gone, ...noType } = request.headers;
    expect((await ingestor.handle({ ...request, headers: noType })).status).toBe(415);
    const withCharset = { ...request.headers, "content-type": "application/json; charset=utf-8" };
    expect((await ingestor.handle({ ...request, headers: withCharset })).status).toBe(202);
    await ingestor.close();
  });

  it("answers 404 for an unknown source and 405 for a method other than POST", async () => {
    const { ingestor } = createHarness({ sources: [shopSource, { ...shopSource, name: "other" }] });
    const request = await signed(order());
    expect((await ingestor.handle({ ...request, source: "nope" })).status).toBe(404);
    const get = await ingestor.handle({ ...request, method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    await ingestor.close();
  });

  it("finds the source from the URL when the glue passes none", async () => {
    const { ingestor } = createHarness({ sources: [shopSource, { ...shopSource, name: "other" }] });
    const { source: _none, ...request } = await signed(order());
    expect((await ingestor.handle({ ...request, url: "/hooks/shop?x=1" })).status).toBe(202);
    await ingestor.close();
  });
});

describe("the backend failing", () => {
  it("answers 503 with Retry-After when the queue is full, keeps nothing, and accepts the retry later", async () => {
    // A real fault of the real adapter: one job fills the queue, so the next intake cannot queue.
    const { ingestor } = createHarness({
      adapter: createMemoryAdapter({ maxQueuedJobs: 1, logger: silentLogger }),
    });
    expect((await ingestor.handle(await signed(order("ord_first")))).status).toBe(202);
    const request = await signed(order("ord_503"));
    const failed = await ingestor.handle(request);

    expect(failed.status).toBe(503);
    expect(failed.headers["retry-after"]).toMatch(/^\d+$/);
    expect((await ingestor.listEvents({ limit: 10 })).records.map((r) => r.idempotencyKey)).toEqual(
      ["ord_first"],
    );

    ingestor.start();
    await vi.waitFor(async () => {
      expect((await ingestor.listEvents({ limit: 10, status: "queued" })).records).toHaveLength(0);
    });
    const retried = await ingestor.handle(await signed(order("ord_503")));
    expect(retried.status).toBe(202);
    await ingestor.close();
  });

  it("answers 503 when the adapter throws an unexpected error, and accepts the retry", async () => {
    const base = createMemoryAdapter({ logger: silentLogger });
    let storeDown = true;
    const adapter: Adapter = {
      ...base,
      intake: {
        accept: async (request) => {
          if (storeDown) throw new Error("ECONNRESET");
          return base.intake.accept(request);
        },
      },
    };
    const { ingestor } = createHarness({ adapter });
    expect((await ingestor.handle(await signed(order("ord_s")))).status).toBe(503);
    storeDown = false;
    expect((await ingestor.handle(await signed(order("ord_s")))).status).toBe(202);
    await ingestor.close();
  });
});

describe("unknown event types", () => {
  const shipment = { id: "shp_1", type: "shipment.created", data: {} };

  it("stores them as ignored by default, answering 200", async () => {
    const { ingestor } = createHarness();
    const response = await ingestor.handle(await signed(shipment));
    expect(response.status).toBe(200);
    expect(json(response).status).toBe("ignored");
    expect((await ingestor.getEvent(String(json(response).id)))?.status).toBe("ignored");
    await ingestor.close();
  });

  it("drops them without storing under the ignore policy, and rejects them under reject", async () => {
    const ignoring = createHarness({ unknownEventTypes: "ignore" });
    expect((await ignoring.ingestor.handle(await signed(shipment))).status).toBe(200);
    expect((await ignoring.ingestor.listEvents({ limit: 10 })).records).toHaveLength(0);
    await ignoring.ingestor.close();

    const rejecting = createHarness({ unknownEventTypes: "reject" });
    const response = await rejecting.ingestor.handle(await signed(shipment));
    expect(response.status).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: "UNKNOWN_EVENT_TYPE" } });
    await rejecting.ingestor.close();
  });
});

describe("secrets and payloads stay out of answers and logs", () => {
  it("never puts the secret, a signature or a payload value in a response or a log line", async () => {
    const { ingestor, logger } = createHarness();
    const good = await signed(order("ord_leak"));
    const signature = good.headers["x-shop-signature"] ?? "";
    const cases = [
      good,
      good,
      await signed(
        order("ord_leak", { data: { total: 2, currency: "EUR", email: PAYLOAD_MARKER } }),
      ),
      await signed(order(), { secret: `${SECRET} ` }),
      await signed(`not json ${PAYLOAD_MARKER}`),
      await signed(
        order("ord_x", { data: { total: "NaN", currency: PAYLOAD_MARKER, email: PAYLOAD_MARKER } }),
      ),
    ];
    const bodies: string[] = [];
    for (const request of cases) bodies.push((await ingestor.handle(request)).body);
    await ingestor.close();

    const everything = [...bodies, ...logger.lines].join("\n");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(signature.replace("sha256=", ""));
    expect(everything).not.toContain(PAYLOAD_MARKER);
  });
});

describe("configuration", () => {
  it("refuses to start without an adapter or with a bad option, naming the option", () => {
    expect(() => createIngestor({ sources: [shopSource] } as never)).toThrow(/`adapter`/);
    expect(() =>
      createIngestor({ adapter: createMemoryAdapter(), sources: [shopSource], maxBodyBytes: 0 }),
    ).toThrow(/`maxBodyBytes`/);
    expect(() => createIngestor({ adapter: createMemoryAdapter(), sources: [] })).toThrow(
      /`sources`/,
    );
    // From JavaScript, with no `sources` at all: the same clear error, not a TypeError.
    expect(() => createIngestor({ adapter: createMemoryAdapter() } as never)).toThrow(
      ConfigurationError,
    );
    expect(() => createIngestor({ adapter: createMemoryAdapter() } as never)).toThrow(/`sources`/);
  });

  it("answers 503 after close() instead of accepting what it can no longer store", async () => {
    const { ingestor } = createHarness();
    await ingestor.close();
    await ingestor.close();
    const response = await ingestor.handle(await signed(order("late")));
    expect(response.status).toBe(503);
  });
});

describe("handshakes", () => {
  it("answers a provider handshake after verification, through fetch, including an empty 204", async () => {
    const handshakeSource = {
      ...shopSource,
      name: "hs",
      handshake: async ({ payload }: { payload: unknown }) =>
        (payload as { type?: string }).type === "ping"
          ? { status: 204, headers: {}, body: "" }
          : undefined,
    };
    const { ingestor } = createHarness({ sources: [shopSource, handshakeSource] });
    const request = await signed({ type: "ping" }, { source: "hs" });
    const response = await ingestor.fetch(
      new Request("http://127.0.0.1/webhooks/hs", {
        method: "POST",
        headers: request.headers,
        body: request.body as Uint8Array<ArrayBuffer>,
      }),
    );
    expect(response.status).toBe(204);
    const unsigned = await ingestor.handle({
      ...request,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.status).toBe(401);
    expect((await ingestor.listEvents({ limit: 5 })).records).toHaveLength(0);
    await ingestor.close();
  });
});

describe("a body read before hookwise saw it", () => {
  it("answers RAW_BODY_UNAVAILABLE with the fix, and logs it, when the Request body was already consumed", async () => {
    const { ingestor, logger } = createHarness();
    const signedRequest = await signed(order("ord_used"));
    const request = new Request("http://127.0.0.1/webhooks/shop", {
      method: "POST",
      headers: signedRequest.headers,
      body: signedRequest.body as Uint8Array<ArrayBuffer>,
    });
    await request.json();
    const response = await ingestor.fetch(request);

    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
    expect(error.message).toContain("request.clone()");
    expect(logger.lines.some((line) => line.includes("RAW_BODY_UNAVAILABLE"))).toBe(true);
    expect((await ingestor.listEvents({ limit: 5 })).records).toHaveLength(0);
    await ingestor.close();
  });
});

describe("an event whose idempotency key was forgotten", () => {
  it("still answers a late resend from the stored record: duplicate for the same bytes, 409 for others", async () => {
    const { ingestor, clock, delivered } = createHarness({ idempotencyTtlMs: 1_000 });
    ingestor.start();
    const first = await ingestor.handle(await signed(order("ord_late")));
    await clock.runAll();
    await clock.advance(5_000);

    const resend = await ingestor.handle(await signed(order("ord_late")));
    expect(resend.status).toBe(200);
    expect(json(resend)).toEqual({ id: json(first).id, status: "duplicate" });
    const changed = await ingestor.handle(
      await signed(order("ord_late", { data: { total: 1, currency: "EUR", email: "x" } })),
    );
    expect(changed.status).toBe(409);
    await clock.runAll();
    expect(delivered).toHaveLength(1);
    await ingestor.close();
  });

  it("queues again a stored event whose job was lost when the same webhook comes again", async () => {
    const adapter = createMemoryAdapter({ logger: silentLogger });
    const { ingestor, delivered } = createHarness({ adapter, realClock: true });
    expect((await ingestor.handle(await signed(order("ord_orphan")))).status).toBe(202);
    // The job is lost, as a crash between storing and queueing loses it on a durable backend.
    const thief = adapter.queue.consume(async () => ({ type: "ack" }), { concurrency: 1 });
    await vi.waitFor(async () => {
      expect(await adapter.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });
    });
    await thief.close();
    ingestor.start();
    expect((await ingestor.handle(await signed(order("ord_orphan")))).status).toBe(200);
    await ingestor.close();
    expect(delivered).toEqual([{ orderId: "ord_orphan", total: 4200 }]);
  });
});

describe("a source's own acknowledgement", () => {
  it("answers with the source's acknowledge() once stored, and falls back to the default if it throws", async () => {
    const answering = {
      ...shopSource,
      acknowledge: () => ({ status: 200, headers: {}, body: "ok" }),
    };
    const throwing = {
      ...shopSource,
      name: "shop2",
      acknowledge: () => {
        throw new Error("bug in user code");
      },
    };
    const { ingestor, logger } = createHarness({ sources: [answering, throwing] });
    const answered = await ingestor.handle(await signed(order("ord_ack")));
    expect(answered).toMatchObject({ status: 200, body: "ok" });
    const fallback = await ingestor.handle(await signed(order("ord_ack2"), { source: "shop2" }));
    // shop2 has no transformer, so its default answer is 200 ignored (stored).
    expect(fallback.status).toBe(200);
    expect(json(fallback)).toMatchObject({ status: "ignored" });
    expect(logger.lines.some((line) => line.includes("acknowledge() threw"))).toBe(true);
    expect((await ingestor.listEvents({ limit: 10 })).records).toHaveLength(2);
    await ingestor.close();
  });
});
