import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "@hookwise/core";
import { createRedisAdapter, type RedisAdapter } from "@hookwise/adapter-redis";
import { Redis } from "ioredis";
import { describeRedis } from "./helpers/describe-redis.ts";
import { intakeRequest } from "./helpers/fixtures.ts";
import {
  deleteKeys,
  plainClient,
  REDIS_HOST,
  REDIS_PORT,
  uniquePrefix,
} from "./helpers/redis-env.ts";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.ts";

/** What a shutdown may take while Redis is away: the close grace (2 s) and some slack. */
const BOUND_MS = 6_000;

// A deploy or a SIGTERM during a Redis outage: closing must end, not wait for Redis forever.
describeRedis("Redis down: closing a worker and the adapter ends in bounded time", () => {
  const prefix = uniquePrefix("close-down");
  let proxy: TcpProxy;
  let template: Redis;
  let adapter: RedisAdapter;

  beforeAll(async () => {
    proxy = await startTcpProxy(REDIS_HOST, REDIS_PORT);
    template = new Redis(proxy.port, "127.0.0.1", { lazyConnect: true });
    adapter = createRedisAdapter({ connection: template, prefix, logger: silentLogger });
    await adapter.ping();
  });

  afterAll(async () => {
    template.disconnect();
    await proxy.close();
    const client = plainClient();
    await deleteKeys(client, prefix);
    client.disconnect();
  });

  async function timed(promise: Promise<unknown>): Promise<{ ms: number; value: unknown }> {
    const started = Date.now();
    const value = await promise;
    return { ms: Date.now() - started, value };
  }

  it("a consumer and the adapter close while Redis is away", async () => {
    const handled: string[] = [];
    const consumer = adapter.queue.consume(
      (job) => {
        handled.push(job.id);
        return Promise.resolve({ type: "ack" });
      },
      { concurrency: 2 },
    );
    await adapter.intake.accept(intakeRequest("evt-before"));
    await expect.poll(() => handled.length, { timeout: 5_000 }).toBe(1);

    proxy.cut();
    // Long enough for every connection to see it is gone and start reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const consumerClose = await timed(consumer.close({ drainTimeoutMs: 1_000 }));
    expect(consumerClose.ms).toBeLessThan(BOUND_MS);
    const adapterClose = await timed(adapter.close());
    expect(adapterClose.ms).toBeLessThan(BOUND_MS);
    console.info(
      `[redis down] consumer closed in ${consumerClose.ms} ms, adapter in ${adapterClose.ms} ms`,
    );
  }, 20_000);
});
