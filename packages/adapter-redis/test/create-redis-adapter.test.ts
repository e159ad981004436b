import { describe, expect, it } from "vitest";
import { silentLogger } from "@hookwise/core";
import { createRedisAdapter, QUEUE_NAME } from "@hookwise/adapter-redis";
import { Redis } from "ioredis";
import { describeRedis } from "./helpers/describe-redis.ts";
import { deleteKeys, REDIS_URL, uniquePrefix } from "./helpers/redis-env.ts";

describe("createRedisAdapter options", () => {
  it.each([
    [{}, /`connection` .* or `url`/],
    [{ url: REDIS_URL, prefix: "{bad}" }, /`prefix`/],
    [{ url: REDIS_URL, eventTtlMs: 0 }, /`eventTtlMs`/],
    [{ url: REDIS_URL, ingestTimeoutMs: Number.NaN }, /`ingestTimeoutMs`/],
    [{ url: REDIS_URL, ingestRetries: 1.5 }, /`ingestRetries`/],
    [{ url: REDIS_URL, lockDurationMs: 10 }, /`lockDurationMs`/],
  ])("rejects %o with a ConfigurationError naming the option", (options, message) => {
    expect(() => createRedisAdapter({ ...options, logger: silentLogger })).toThrow(message);
  });

  it("rejects a client with an ioredis keyPrefix (BullMQ cannot use one)", () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, keyPrefix: "app:" });
    expect(() => createRedisAdapter({ connection: client })).toThrow(/keyPrefix/);
    client.disconnect();
  });
});

describeRedis("createRedisAdapter connections", () => {
  it("never closes the client it was given, and closes what it opened", async () => {
    const client = new Redis(REDIS_URL);
    const prefix = uniquePrefix("own");
    const adapter = createRedisAdapter({
      connection: client,
      prefix,
      logger: silentLogger,
    });
    expect(adapter.capabilities).toEqual({ durable: true, sharedAcrossProcesses: true });
    expect(adapter.bullmq.queueName).toBe(QUEUE_NAME);
    expect(await adapter.ping()).toBeGreaterThanOrEqual(0);
    await adapter.close();
    expect(client.status).toBe("ready");
    expect(await client.ping()).toBe("PONG");
    await expect(adapter.ping()).rejects.toMatchObject({ code: "CLOSED" });
    await deleteKeys(client, prefix);
    client.disconnect();
  });
});
