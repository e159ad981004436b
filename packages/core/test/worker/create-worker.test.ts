import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  ConfigurationError,
  createHandlerDestination,
  createLifecycle,
  createTransformerRegistry,
  createWorker,
  defineSource,
  NonRetryableError,
  silentLogger,
  type SignatureVerifier,
  type Transformer,
} from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { storeEvent } from "../helpers/stored-event.ts";
import { startWorker } from "../helpers/worker-harness.ts";

const base = { source: "shop", type: "order.completed" } as const;

function recorder(clock = createFakeClock()) {
  const delivered: unknown[] = [];
  const destination = createHandlerDestination("partner", (output) => void delivered.push(output), {
    clock,
  });
  return { destination, delivered };
}

describe("createWorker: processing events", () => {
  it("marks an event every transformer filtered out as ignored", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    const filter: Transformer = {
      ...base,
      name: "big-orders",
      to: ["partner"],
      transform: () => undefined,
    };
    const empty: Transformer = { ...base, name: "none", to: ["partner"], transform: () => [] };
    const h = startWorker({
      clock,
      transformers: [filter, empty],
      destinations: [partner.destination],
    });
    await storeEvent(h.adapter);
    await clock.runAll();

    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("ignored");
    expect(event?.deliveries).toEqual([]);
    expect(h.payloads("ignored")).toEqual([
      { source: "shop", eventId: "hw_1", type: "order.completed" },
    ]);
    expect(partner.delivered).toEqual([]);
  });

  it("gives every attempt an output's JSON form, as a durable store would, and fails an output with none before sending it", async () => {
    const clock = createFakeClock();
    const seen: unknown[] = [];
    let calls = 0;
    const partner = createHandlerDestination(
      "partner",
      (output) => {
        seen.push(output);
        if (++calls === 1) throw new Error("partner down");
      },
      { clock },
    );
    const dated: Transformer = {
      ...base,
      name: "dated",
      to: ["partner"],
      transform: () => ({
        at: new Date(Date.UTC(2026, 0, 1)),
        tags: new Map([["a", 1]]),
        gone: undefined,
      }),
    };
    const h = startWorker({ clock, transformers: [dated], destinations: [partner] });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(seen).toEqual([
      { at: "2026-01-01T00:00:00.000Z", tags: {} },
      { at: "2026-01-01T00:00:00.000Z", tags: {} },
    ]);

    const big: Transformer = {
      ...base,
      name: "big",
      to: ["partner"],
      transform: () => ({ n: 1n }),
    };
    const other = startWorker({ clock, transformers: [big], destinations: [partner] });
    await storeEvent(other.adapter);
    await clock.runAll();
    expect(seen).toHaveLength(2);
    const event = await other.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error?.message).toContain("cannot be stored as JSON (TypeError)");
  });

  it("delivers each output of a transformer that returns several", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    const split: Transformer = {
      ...base,
      name: "lines",
      to: ["partner"],
      transform: () => [{ line: 1 }, { line: 2 }],
    };
    const h = startWorker({ clock, transformers: [split], destinations: [partner.destination] });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(partner.delivered).toEqual([{ line: 1 }, { line: 2 }]);
    expect((await h.adapter.events.get("hw_1"))?.deliveries.map((d) => d.id)).toEqual([
      "hw_1:lines@1:0:partner",
      "hw_1:lines@1:1:partner",
    ]);
  });

  it("dead-letters the event with a reason when a transformer throws NonRetryableError, and replays it", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    let broken = true;
    const t: Transformer = {
      ...base,
      name: "strict",
      to: ["partner"],
      transform: ({ payload }) => {
        if (broken) throw new NonRetryableError("Orders without a customer are not supported.");
        return payload;
      },
    };
    const h = startWorker({ clock, transformers: [t], destinations: [partner.destination] });
    await storeEvent(h.adapter);
    await clock.runAll();

    const failed = await h.adapter.events.get("hw_1");
    expect(failed?.status).toBe("dead_lettered");
    expect(failed?.error).toEqual({
      code: "DELIVERY_NON_RETRYABLE",
      message: 'Transformer "strict@1": Orders without a customer are not supported.',
    });

    broken = false;
    await expect(h.worker.replay("hw_1")).resolves.toEqual({
      eventId: "hw_1",
      deliveries: 0,
      reprocessed: true,
    });
    await clock.runAll();
    const replayed = await h.adapter.events.get("hw_1");
    expect(replayed?.status).toBe("delivered");
    expect(replayed?.error).toBeUndefined();
    expect(partner.delivered).toHaveLength(1);
  });

  it("dead-letters the event when an output fails the transformer's output schema, naming paths only", async () => {
    const clock = createFakeClock();
    const t: Transformer = {
      ...base,
      name: "typed",
      to: ["partner"],
      output: z.object({ total: z.number() }),
      transform: () => ({ total: "jane@example.test" }),
    };
    const h = startWorker({
      clock,
      transformers: [t],
      destinations: [recorder(clock).destination],
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error?.message).toBe(
      'Transformer "typed@1": Output 0 does not match the output schema (at total).',
    );
    expect(JSON.stringify(event?.error)).not.toContain("jane@example.test");
  });

  it("delivers the output schema's parsed value", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    const t: Transformer = {
      ...base,
      name: "typed",
      to: ["partner"],
      output: z.object({ total: z.coerce.number(), currency: z.string().default("EUR") }),
      transform: () => ({ total: "42" }),
    };
    const h = startWorker({ clock, transformers: [t], destinations: [partner.destination] });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(partner.delivered).toEqual([{ total: 42, currency: "EUR" }]);
  });

  it("retries a transformer that throws with the policy's backoff", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    let calls = 0;
    const t: Transformer = {
      ...base,
      name: "flaky",
      to: ["partner"],
      transform: ({ payload }) => {
        calls++;
        if (calls === 1) throw new Error("lookup service timed out");
        return payload;
      },
    };
    const h = startWorker({ clock, transformers: [t], destinations: [partner.destination] });
    await storeEvent(h.adapter);
    await clock.advance(1_499);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    expect(partner.delivered).toHaveLength(1);
  });

  it("reads the payload through the source's parser and schema when given the source", async () => {
    const clock = createFakeClock();
    const verifier: SignatureVerifier = { scheme: "none", verify: () => Promise.resolve() };
    const shop = defineSource({
      name: "shop",
      verifier,
      id: () => "x",
      type: () => "order.completed",
      schemas: {
        "order.completed": z.object({
          id: z.string(),
          total: z.number(),
          channel: z.string().default("web"),
        }),
      },
    });
    const seen: unknown[] = [];
    const t: Transformer = {
      ...base,
      name: "t",
      to: ["partner"],
      transform: ({ payload }) => void seen.push(payload),
    };
    const h = startWorker({
      clock,
      transformers: [t],
      destinations: [recorder(clock).destination],
      sources: [shop],
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(seen).toEqual([{ id: "ord_1", total: 4200, channel: "web" }]);
  });
});

describe("createWorker: configuration and shutdown", () => {
  const lifecycle = createLifecycle(silentLogger);
  const adapter = createMemoryAdapter({ clock: createFakeClock(), logger: silentLogger });
  const t: Transformer = { ...base, name: "t", to: ["partner"], transform: () => 1 };

  it("rejects a transformer that sends to an unknown destination", () => {
    const transformers = createTransformerRegistry([t]);
    expect(() => createWorker({ adapter, transformers, destinations: [], lifecycle })).toThrow(
      ConfigurationError,
    );
    expect(() => createWorker({ adapter, transformers, destinations: [], lifecycle })).toThrow(
      'Transformer `t@1` sends to "partner", but no destination has that name',
    );
  });

  it("rejects two destinations with one name, and invalid options", () => {
    const transformers = createTransformerRegistry([]);
    const d = recorder().destination;
    expect(() => createWorker({ adapter, transformers, destinations: [d, d], lifecycle })).toThrow(
      "`destinations`",
    );
    expect(() =>
      createWorker({ adapter, transformers, destinations: [], lifecycle, concurrency: 0 }),
    ).toThrow("`concurrency`");
    expect(() =>
      createWorker({
        adapter,
        transformers,
        destinations: [],
        lifecycle,
        retry: { maxAttempts: 0 },
      }),
    ).toThrow("`retry.maxAttempts`");
  });

  it("close() waits for a delivery in flight, which is still recorded", async () => {
    const clock = createFakeClock();
    let release: () => void = () => undefined;
    let started = false;
    const slow = createHandlerDestination(
      "partner",
      () => {
        started = true;
        return new Promise<void>((resolve) => (release = resolve));
      },
      { clock },
    );
    const h = startWorker({ clock, transformers: [t], destinations: [slow] });
    await storeEvent(h.adapter);
    await clock.advance(0);
    expect(started).toBe(true);

    let closed = false;
    const closing = h.worker.close().then(() => (closed = true));
    await clock.advance(0);
    expect(closed).toBe(false);
    release();
    await closing;
    const event = await h.adapter.events.get("hw_1");
    expect(event?.deliveries[0]?.status).toBe("succeeded");
    expect(event?.status).toBe("delivered");
  });
});

describe("createWorker: the seams a shared backend needs", () => {
  const t: Transformer = {
    ...base,
    name: "t",
    to: ["partner"],
    transform: ({ payload }) => payload,
  };

  it("close() stops this worker only: the queue stays open for the ingest side and another worker", async () => {
    const clock = createFakeClock();
    const partner = recorder(clock);
    const h = startWorker({ clock, transformers: [t], destinations: [partner.destination] });
    await h.worker.close();
    await storeEvent(h.adapter, { id: "hw_after_close" });
    expect((await h.adapter.queue.counts()).waiting).toBe(1);
    const second = createWorker({
      adapter: h.adapter,
      transformers: createTransformerRegistry([t]),
      destinations: [partner.destination],
      lifecycle: h.lifecycle,
      logger: silentLogger,
      clock,
    });
    second.start();
    await clock.runAll();
    expect(partner.delivered).toEqual([{ id: "ord_1", total: 4200 }]);
    await second.close();
  });

  it("counts transform retries with the queue's attempt count and dead-letters after maxAttempts", async () => {
    const clock = createFakeClock();
    let calls = 0;
    const failing: Transformer = {
      ...base,
      name: "failing",
      to: ["partner"],
      transform: () => {
        calls++;
        throw new Error("lookup service down");
      },
    };
    const h = startWorker({
      clock,
      transformers: [failing],
      destinations: [recorder(clock).destination],
      retry: { maxAttempts: 3 },
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(calls).toBe(3);
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error?.code).toBe("TRANSFORM_FAILED");
  });

  it("dead-letters an event whose processing fails on every attempt for any reason, with the error recorded", async () => {
    const clock = createFakeClock();
    const base = createMemoryAdapter({ clock, logger: silentLogger });
    let writes = 0;
    // Our own store call throws on every try: a poison event must still end.
    const adapter = {
      ...base,
      events: {
        ...base.events,
        addDeliveries: () => {
          writes++;
          return Promise.reject(new RangeError("Maximum call stack size exceeded"));
        },
      },
    };
    const h = startWorker({
      clock,
      adapter,
      transformers: [t],
      destinations: [recorder(clock).destination],
      retry: { maxAttempts: 4 },
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(writes).toBe(4);
    const event = await base.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error).toEqual({
      code: "PROCESSING_FAILED",
      message: "Processing failed on every attempt (RangeError); replay the event once fixed.",
    });
    expect(await base.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });
  });

  it("dead-letters a poison event on the real memory adapter: an output nested 2,000 levels its copy cannot take reaches the destination once at most", async () => {
    const clock = createFakeClock();
    let tries = 0;
    const poison: Transformer = {
      ...base,
      name: "poison",
      to: ["partner"],
      transform: () => {
        tries++;
        let output: unknown = "leaf";
        for (let i = 0; i < 2_000; i++) output = { next: output };
        return output;
      },
    };
    const partner = recorder(clock);
    const h = startWorker({
      clock,
      transformers: [poison],
      destinations: [partner.destination],
      retry: { maxAttempts: 3 },
    });
    await storeEvent(h.adapter);
    await clock.runAll();
    expect(tries).toBe(3);
    // The first hand-out attempts before it stores (one write for plan and attempt); the write fails,
    // and every re-run stores the plan first, which fails before any attempt.
    expect(partner.delivered).toHaveLength(1);
    const event = await h.adapter.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error?.code).toBe("PROCESSING_FAILED");
    expect(event?.error?.message).toContain("RangeError");
    expect(await h.adapter.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });
  });

  it("close() with drainTimeoutMs: Infinity waits for the attempt in flight instead of aborting it", async () => {
    const clock = createFakeClock();
    let aborted: boolean | undefined;
    const slow = createHandlerDestination(
      "partner",
      async (_output, { signal }) => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        aborted = signal.aborted;
      },
      { clock },
    );
    const h = startWorker({
      clock,
      transformers: [t],
      destinations: [slow],
      drainTimeoutMs: Infinity,
    });
    await storeEvent(h.adapter);
    await clock.advance(0);
    await h.worker.close();
    expect(aborted).toBe(false);
    expect((await h.adapter.events.get("hw_1"))?.status).toBe("delivered");
  });

  it("ends, at drainTimeoutMs, an attempt whose handler ignores its signal and never settles", async () => {
    const clock = createFakeClock();
    let started = 0;
    const deaf = createHandlerDestination(
      "partner",
      () => {
        started++;
        return new Promise<void>(() => undefined);
      },
      { clock, timeoutMs: 600_000 },
    );
    const h = startWorker({ clock, transformers: [t], destinations: [deaf], drainTimeoutMs: 20 });
    await storeEvent(h.adapter);
    await clock.advance(0);
    expect(started).toBe(1);
    await h.worker.close();
    const event = await h.adapter.events.get("hw_1");
    expect(event?.deliveries[0]?.attempts[0]?.error?.message).toContain("the worker is closing");
  });

  it("aborts attempts still running when close() passes drainTimeoutMs", async () => {
    const clock = createFakeClock();
    let aborted = false;
    const hanging = createHandlerDestination(
      "partner",
      (_output, { signal }) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
      { clock },
    );
    const h = startWorker({
      clock,
      transformers: [t],
      destinations: [hanging],
      drainTimeoutMs: 20,
    });
    await storeEvent(h.adapter);
    await clock.advance(0);
    await h.worker.close();
    expect(aborted).toBe(true);
  });
});

describe("createWorker: jobs that keep failing or never finish", () => {
  const fanOut = (to: readonly string[]): Transformer => ({
    ...base,
    name: "t",
    to,
    transform: ({ payload }) => payload,
  });

  /** A destination that fails its first `failures` calls (retryably), then delivers. */
  function flaky(name: string, failures: number, clock: ReturnType<typeof createFakeClock>) {
    let calls = 0;
    const destination = createHandlerDestination(
      name,
      () => {
        if (++calls <= failures) throw new Error(`${name} is down`);
      },
      { clock, retry: { maxAttempts: 5 } },
    );
    return { destination, calls: () => calls };
  }

  type MemoryAdapter = ReturnType<typeof createMemoryAdapter>;

  /** `memory` whose `getDelivery` rejects with what `failure` gives for its n-th read (1 first). */
  function failingReads(memory: MemoryAdapter, failure: (read: number) => Error | undefined) {
    let reads = 0;
    return {
      ...memory,
      events: {
        ...memory.events,
        getDelivery: (eventId: string, deliveryId: string) => {
          const error = failure(++reads);
          return error === undefined
            ? memory.events.getDelivery(eventId, deliveryId)
            : Promise.reject(error);
        },
      },
    };
  }

  /** Runs one stored event to the end through a worker (2 attempts) on `adapter`, to `partner` only. */
  async function runToEnd(
    memory: MemoryAdapter,
    adapter: MemoryAdapter,
    partner: ReturnType<typeof flaky>,
    clock: ReturnType<typeof createFakeClock>,
  ) {
    const h = startWorker({
      clock,
      adapter,
      transformers: [fanOut(["partner"])],
      destinations: [partner.destination],
      retry: { maxAttempts: 2 },
    });
    await storeEvent(memory);
    await clock.runAll();
    return h;
  }

  it("keeps retrying a delivery after a store error on a late hand-out: the delivery's own attempts decide, not the worker's", async () => {
    const clock = createFakeClock();
    const memory = createMemoryAdapter({ clock, logger: silentLogger });
    // The third hand-out of the deliver job cannot read its delivery (a command timed out).
    const adapter = failingReads(memory, (read) =>
      read === 3 ? new Error("Command timed out") : undefined,
    );
    const partner = flaky("partner", 3, clock);
    const h = await runToEnd(memory, adapter, partner, clock);
    const event = await memory.events.get("hw_1");
    expect(event?.status).toBe("delivered");
    expect(partner.calls()).toBe(4);
    expect(event?.deliveries[0]?.attempts.map((attempt) => attempt.ok)).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(h.payloads("dead-lettered")).toEqual([]);
  });

  it("dead-letters the delivery itself when its job fails on every hand-out, so the event settles and a replay delivers it", async () => {
    const clock = createFakeClock();
    const memory = createMemoryAdapter({ clock, logger: silentLogger });
    // Deliver jobs get the destination's 5 attempts plus the worker's 2: all 7 hand-outs fail here,
    // and the store answers again for the give-up's read just after the last one.
    const adapter = failingReads(memory, (read) =>
      read <= 7 ? new TypeError("Stream isn't writeable") : undefined,
    );
    const partner = flaky("partner", 1, clock);
    const h = await runToEnd(memory, adapter, partner, clock);
    const dead = await memory.events.get("hw_1");
    expect(dead?.status).toBe("dead_lettered");
    const delivery = dead?.deliveries[0];
    expect(delivery?.status).toBe("dead_lettered");
    expect(delivery?.attempts.at(-1)).toMatchObject({
      ok: false,
      final: true,
      error: {
        code: "PROCESSING_FAILED",
        message: "Processing failed on every attempt (TypeError); replay the event once fixed.",
      },
    });
    expect(h.payloads("dead-lettered")).toHaveLength(1);
    expect(await memory.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });

    expect(await h.worker.replay("hw_1")).toEqual({
      eventId: "hw_1",
      deliveries: 1,
      reprocessed: false,
    });
    await clock.runAll();
    expect(partner.calls()).toBe(2);
    expect((await memory.events.get("hw_1"))?.status).toBe("delivered");
  });

  it("never turns a delivered event into a dead-lettered one when the write that delivered it reports a failure", async () => {
    const clock = createFakeClock();
    const memory = createMemoryAdapter({ clock, logger: silentLogger });
    // The write lands, but its answer is lost (a dropped connection after Redis ran the script).
    const adapter = {
      ...memory,
      events: {
        ...memory.events,
        addDeliveries: async (...args: Parameters<typeof memory.events.addDeliveries>) => {
          await memory.events.addDeliveries(...args);
          throw new Error("Connection is closed.");
        },
      },
    };
    const partner = recorder(clock);
    startWorker({
      clock,
      adapter,
      transformers: [fanOut(["partner"])],
      destinations: [partner.destination],
      retry: { maxAttempts: 1 },
    });
    await storeEvent(memory);
    await clock.runAll();
    expect(partner.delivered).toHaveLength(1);
    const event = await memory.events.get("hw_1");
    expect(event?.status).toBe("delivered");
    expect(event?.error).toBeUndefined();
  });

  it("gives up a job handed out past its attempts without finishing (its worker died each time), without running it", async () => {
    const clock = createFakeClock();
    const memory = createMemoryAdapter({ clock, logger: silentLogger });
    let died = true;
    // As a durable queue would count them: three earlier hand-outs whose worker was killed mid-job.
    const adapter = {
      ...memory,
      queue: {
        ...memory.queue,
        consume: (...[handler, options]: Parameters<typeof memory.queue.consume>) =>
          memory.queue.consume(
            (job, context) => handler(job, died ? { attempt: context.attempt + 3 } : context),
            options,
          ),
      },
    };
    let transforms = 0;
    const h = startWorker({
      clock,
      adapter,
      transformers: [
        { ...fanOut(["partner"]), transform: ({ payload }) => (transforms++, payload) },
      ],
      destinations: [recorder(clock).destination],
      retry: { maxAttempts: 3 },
    });
    await storeEvent(memory);
    await clock.runAll();
    expect(transforms).toBe(0);
    const event = await memory.events.get("hw_1");
    expect(event?.status).toBe("dead_lettered");
    expect(event?.error?.message).toContain("(WorkerStopped)");

    died = false;
    expect((await h.worker.replay("hw_1")).reprocessed).toBe(true);
    await clock.runAll();
    expect(transforms).toBe(1);
    expect((await memory.events.get("hw_1"))?.status).toBe("delivered");
  });

  it("replays the deliveries a dead-lettered event still had pending when its processing gave up after planning them", async () => {
    const clock = createFakeClock();
    const memory = createMemoryAdapter({ clock, logger: silentLogger });
    let queueDown = true;
    const adapter = {
      ...memory,
      queue: {
        ...memory.queue,
        enqueue: (...args: Parameters<typeof memory.queue.enqueue>) =>
          queueDown && args[0].kind === "deliver"
            ? Promise.reject(new Error("queue unavailable"))
            : memory.queue.enqueue(...args),
      },
    };
    const a = recorder(clock);
    const b = createHandlerDestination("other", () => undefined, { clock });
    const h = startWorker({
      clock,
      adapter,
      transformers: [fanOut(["partner", "other"])],
      destinations: [a.destination, b],
      retry: { maxAttempts: 2 },
    });
    await storeEvent(memory);
    await clock.runAll();
    const stuck = await memory.events.get("hw_1");
    expect(stuck?.status).toBe("dead_lettered");
    expect(stuck?.deliveries.map((delivery) => delivery.status)).toEqual(["pending", "pending"]);

    queueDown = false;
    expect(await h.worker.replay("hw_1")).toEqual({
      eventId: "hw_1",
      deliveries: 2,
      reprocessed: false,
    });
    await clock.runAll();
    expect(a.delivered).toHaveLength(1);
    expect((await memory.events.get("hw_1"))?.status).toBe("delivered");
  });
});
