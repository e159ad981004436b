import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createHandlerDestination,
  createIngestor,
  defineTransformer,
  silentLogger,
  standardWebhooksSource,
} from "@hookwise/core";
import { createRedisAdapter, type RedisAdapter } from "@hookwise/adapter-redis";
import type { Redis } from "ioredis";
import { describeRedis } from "./helpers/describe-redis.ts";
import { intakeRequest } from "./helpers/fixtures.ts";
import { deleteKeys, plainClient, REDIS_URL, uniquePrefix } from "./helpers/redis-env.ts";

// The budget: at most 2 round trips per accepted webhook (one Lua script, one BullMQ add).
// MONITOR on a separate connection records every command Redis received from the adapter's
// connection (found by its client name), so the count is Redis's own, not the client's.
describeRedis("intake round trips (MONITOR)", () => {
  const prefix = uniquePrefix("round-trips");
  const name = `hookwise-rt-${process.pid}`;
  let adapter: RedisAdapter;
  let admin: Redis;
  let template: Redis;

  beforeAll(async () => {
    admin = plainClient();
    template = plainClient(REDIS_URL);
    template.options.connectionName = name;
    adapter = createRedisAdapter({ connection: template, prefix, logger: silentLogger });
    // Warm up: scripts loaded (the first EVALSHA of each answers NOSCRIPT), BullMQ's one-time setup.
    await adapter.intake.accept(intakeRequest("evt-warm-up"));
  });

  afterAll(async () => {
    await adapter.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
    template.disconnect();
  });

  /** Commands Redis received from the adapter's connection while `run` ran. */
  async function commandsDuring(run: () => Promise<unknown>): Promise<string[][]> {
    // ioredis's monitor() opens a connection of its own in monitor mode.
    const monitor = await admin.monitor();
    const seen: { source: string; args: string[] }[] = [];
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      seen.push({ source, args });
    });
    // MONITOR answers OK before it streams; a marker command shows it is streaming.
    await admin.ping();
    await run();
    await new Promise((resolve) => setTimeout(resolve, 100));
    monitor.disconnect();
    // Connections opened during `run` (a worker's) count too, so they are looked up afterwards.
    const list = String(await admin.call("CLIENT", "LIST"));
    const addresses = list
      .split("\n")
      .filter((line) => line.includes(` name=${name} `))
      .map((line) => /addr=(\S+)/.exec(line)?.[1]);
    expect(addresses.length).toBeGreaterThan(0);
    return seen.filter((command) => addresses.includes(command.source)).map(({ args }) => args);
  }

  it("an accepted webhook costs 2 round trips: the intake script and BullMQ's add", async () => {
    const commands = await commandsDuring(async () => {
      expect(await adapter.intake.accept(intakeRequest("evt-1"))).toEqual({ outcome: "accepted" });
    });
    expect(commands.map((args) => args[0]?.toLowerCase())).toEqual(["evalsha", "evalsha"]);
    // The first carries the record (the body among its arguments), the second is BullMQ's job.
    expect(commands[0]?.some((arg) => arg.includes("{" + prefix + "}:event:evt-1"))).toBe(true);
    expect(commands[1]?.some((arg) => arg.includes("{" + prefix + "}:jobs:"))).toBe(true);
    console.info(`[round trips] accepted webhook: ${commands.length} commands`);
  });

  it("a duplicate costs 1 round trip once its record is settled", async () => {
    await adapter.intake.accept(intakeRequest("evt-2"));
    await adapter.events.setStatus("evt-2", "delivered", Date.now());
    const commands = await commandsDuring(async () => {
      expect(await adapter.intake.accept(intakeRequest("evt-2"))).toEqual({ outcome: "duplicate" });
    });
    expect(commands.map((args) => args[0]?.toLowerCase())).toEqual(["evalsha"]);
  });

  it("a delivered event costs the worker 2 calls on its record: one read that marks it processing, and one write of plan, attempt and status", async () => {
    await adapter.intake.accept(intakeRequest("evt-3"));
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    // An adapter of its own (same connection settings), since closing the ingestor closes it.
    const workerAdapter = createRedisAdapter({
      connection: template,
      prefix,
      logger: silentLogger,
    });
    const ingestor = createIngestor({
      adapter: workerAdapter,
      sources: [
        standardWebhooksSource({
          name: "acme",
          secret: "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }),
      ],
      transformers: [
        defineTransformer({
          name: "forward",
          source: "acme",
          type: "order.completed",
          to: ["partner"],
          transform: ({ payload }) => payload,
        }),
      ],
      destinations: [createHandlerDestination("partner", () => undefined)],
      logger: silentLogger,
    });
    ingestor.on("delivery.succeeded", () => delivered());
    // The queue's one-time set-up traffic ends before MONITOR starts (ioredis cannot take monitor
    // lines that arrive with MONITOR's own answer).
    await workerAdapter.queue.counts();
    const commands = await commandsDuring(async () => {
      ingestor.start();
      await done;
    });
    await ingestor.close();
    expect(template.status).toBe("ready");
    const onRecord = commands.filter((args) => args.includes(`{${prefix}}:event:evt-3`));
    expect(onRecord.map((args) => args[0]?.toLowerCase())).toEqual(["evalsha", "evalsha"]);
    expect((await adapter.events.get("evt-3"))?.status).toBe("delivered");
  });

  it("getDelivery reads named fields only, never the body", async () => {
    await adapter.events.addDeliveries("evt-1", [
      {
        id: "d-1",
        destination: "partner",
        transformer: "t@1",
        status: "pending",
        output: {},
        attempts: [],
      },
    ]);
    const commands = await commandsDuring(() => adapter.events.getDelivery("evt-1", "d-1"));
    expect(commands).toHaveLength(1);
    expect(commands[0]?.[0]?.toLowerCase()).toBe("hmget");
    expect(commands[0]).not.toContain("body");
  });
});
