import { describe, expect, it } from "vitest";
import { ConfigurationError, NonRetryableError } from "../../src/errors.ts";
import { on } from "../../src/transform/on.ts";
import { createHarness, json, order, shopSource, signed } from "../helpers/ingest-harness.ts";

const retry = { maxAttempts: 2, minDelayMs: 1_000, maxDelayMs: 1_000, factor: 1 };

describe("on(source, type, handler)", () => {
  it("runs every handler of a type, a wildcard and a prefix pattern, each as its own delivery", async () => {
    const seen: string[] = [];
    const { ingestor, clock } = createHarness({
      transformers: [],
      destinations: [],
      handlers: [
        on(shopSource, "order.completed", (event) => {
          seen.push(`exact ${event.type} ${event.payload.data.currency}`);
        }),
        on(shopSource, "order.completed", () => {
          seen.push("second");
        }),
        on(shopSource, "*", (event) => {
          seen.push(`all ${event.type}`);
        }),
        on(shopSource, "order.*", (event) => {
          seen.push(`prefix ${event.type}`);
        }),
      ],
    });
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_on"))));
    await clock.advance(0);
    expect(seen.sort()).toEqual(
      [
        "all order.completed",
        "exact order.completed EUR",
        "prefix order.completed",
        "second",
      ].sort(),
    );
    const event = await ingestor.getEvent(String(id));
    expect(event?.status).toBe("delivered");
    expect(event?.deliveries.map((delivery) => delivery.destination).sort()).toEqual([
      "on.shop.all",
      "on.shop.order.all",
      "on.shop.order.completed",
      "on.shop.order.completed.2",
    ]);
    await ingestor.close();
  });

  it("retries and dead-letters a failing handler alone, keeps its message, and replays only it", async () => {
    let okCalls = 0;
    let failing = true;
    const { ingestor, clock, logger } = createHarness({
      transformers: [],
      destinations: [],
      retry,
      handlers: [
        on(shopSource, "order.completed", () => {
          okCalls++;
        }),
        on(
          shopSource,
          "order.completed",
          () => {
            if (failing) throw new Error("ledger down");
          },
          { name: "ledger" },
        ),
      ],
    });
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_fail"))));
    await clock.advance(0);
    await clock.advance(1_000);
    const dead = await ingestor.getEvent(String(id));
    expect(dead?.status).toBe("dead_lettered");
    const ledger = dead?.deliveries.find((delivery) => delivery.destination === "ledger");
    expect(ledger?.status).toBe("dead_lettered");
    expect(ledger?.attempts).toHaveLength(2);
    expect(ledger?.attempts[0]?.error?.message).toContain("ledger down");
    expect(okCalls).toBe(1);
    const warning = logger.lines.find((line) => line.includes("Delivery attempt failed"));
    expect(warning).toContain('"destination":"ledger"');
    expect(warning).toContain('"attempt":1');
    expect(warning).toContain("ledger down");
    expect(warning).toContain('"code":"DELIVERY_FAILED"');
    expect(warning).toMatch(/"nextAttemptAt":"\d{4}-\d\d-\d\dT/);
    expect(logger.lines.join("\n")).not.toContain("customer-email");

    failing = false;
    await expect(ingestor.replay(String(id))).resolves.toMatchObject({ deliveries: 1 });
    await clock.advance(0);
    expect((await ingestor.getEvent(String(id)))?.status).toBe("delivered");
    expect(okCalls).toBe(1);
    await ingestor.close();
  });

  it("stops at once on a NonRetryableError", async () => {
    const { ingestor, clock } = createHarness({
      transformers: [],
      destinations: [],
      handlers: [
        on(shopSource, "order.completed", () => {
          throw new NonRetryableError("not for us");
        }),
      ],
    });
    ingestor.start();
    const { id } = json(await ingestor.handle(await signed(order("ord_stop"))));
    await clock.advance(0);
    const event = await ingestor.getEvent(String(id));
    expect(event?.status).toBe("dead_lettered");
    expect(event?.deliveries[0]?.attempts).toHaveLength(1);
    await ingestor.close();
  });

  it("rejects bad arguments and duplicate names eagerly", () => {
    expect(() => on(shopSource, "", () => undefined)).toThrow(ConfigurationError);
    expect(() => on(shopSource, "x", () => undefined, { name: "a:b" })).toThrow(ConfigurationError);
    expect(() =>
      createHarness({
        handlers: [
          on(shopSource, "a", () => undefined, { name: "same" }),
          on(shopSource, "b", () => undefined, { name: "same" }),
        ],
      }),
    ).toThrow(/named "same"/);
    expect(() => createHarness({ handlers: [on("nope", "a", () => undefined)] })).toThrow(
      /not in `sources`/,
    );
  });
});
