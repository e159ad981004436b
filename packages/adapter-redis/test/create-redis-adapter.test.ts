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

describeRedis("errors from Redis", () => {
  it("keep the command's arguments (an endpoint's secrets) out of the error and its cause", async () => {
    const prefix = uniquePrefix("reply-error");
    const admin = new Redis(REDIS_URL);
    const adapter = createRedisAdapter({ url: REDIS_URL, prefix, logger: silentLogger });
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    try {
      // A key of the wrong type makes the endpoint script fail with a reply error (WRONGTYPE),
      // which ioredis hands over with the command and its arguments attached.
      await admin.set(`{${prefix}}:endpoints`, "not a hash");
      const error: unknown = await adapter
        .endpoints!.insert({
          id: "ep_1",
          tenant: "t1",
          url: "https://receiver.example/hooks",
          description: "",
          eventTypes: [],
          enabled: true,
          secrets: [{ secret, createdAt: 1 }],
          createdAt: 1,
          updatedAt: 1,
        })
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      expect(error).toMatchObject({ code: "BACKEND_UNAVAILABLE" });
      const cause = (error as Error).cause as Error & { command?: unknown };
      expect(cause.message).toMatch(/WRONGTYPE/);
      expect(cause.command).toBeUndefined();
      const { inspect } = await import("node:util");
      expect(inspect(error, { depth: 10 })).not.toContain(secret.slice(6));
    } finally {
      await adapter.close();
      await deleteKeys(admin, prefix);
      admin.disconnect();
    }
  });
});
