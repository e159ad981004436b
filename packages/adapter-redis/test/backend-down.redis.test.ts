import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { isHookwiseError, silentLogger } from "@hookwise/core";
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

/** How long past the deadline a rejection may come (timers, the event loop). */
const SLACK_MS = 150;

describeRedis("Redis down: intake answers 503 in bounded time", () => {
  const prefix = uniquePrefix("down");
  let proxy: TcpProxy;
  let template: Redis;
  let adapter: RedisAdapter;

  beforeAll(async () => {
    proxy = await startTcpProxy(REDIS_HOST, REDIS_PORT);
    template = new Redis(proxy.port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => 20 });
    adapter = createRedisAdapter({ connection: template, prefix, logger: silentLogger });
    await adapter.ping();
  });

  afterAll(async () => {
    await adapter.close();
    template.disconnect();
    await proxy.close();
    const client = plainClient();
    await deleteKeys(client, prefix);
    client.disconnect();
  });

  async function timedRejection(id: string): Promise<{ ms: number; error: unknown }> {
    const started = Date.now();
    const error = await adapter.intake.accept(intakeRequest(id)).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    return { ms: Date.now() - started, error };
  }

  function expect503(error: unknown): void {
    expect(isHookwiseError(error)).toBe(true);
    if (!isHookwiseError(error)) return;
    expect([error.code, error.status]).toEqual(["BACKEND_UNAVAILABLE", 503]);
    expect(error.headers["retry-after"]).toMatch(/^\d+$/);
  }

  it("refused connections: rejects with BACKEND_UNAVAILABLE within ingestTimeoutMs (500 ms)", async () => {
    proxy.cut();
    try {
      const results = await Promise.all(["evt-a", "evt-b", "evt-c"].map(timedRejection));
      for (const { ms, error } of results) {
        expect503(error);
        expect(ms).toBeLessThan(500 + SLACK_MS);
      }
      console.info(`[redis down] refused: 503 after ${results.map((r) => r.ms).join(", ")} ms`);
    } finally {
      proxy.restore();
    }
  });

  it("a network that swallows packets: the command timeout and the deadline still bound it", async () => {
    await adapter.ping();
    proxy.stall();
    try {
      const { ms, error } = await timedRejection("evt-stalled");
      expect503(error);
      expect(ms).toBeLessThan(500 + SLACK_MS);
      console.info(`[redis down] stalled: 503 after ${ms} ms`);
    } finally {
      proxy.restore();
    }
  });

  it("recovers by itself once Redis answers again", async () => {
    const deadline = Date.now() + 5_000;
    let result;
    while (result === undefined && Date.now() < deadline) {
      result = await adapter.intake.accept(intakeRequest("evt-after")).catch(() => undefined);
    }
    expect(result).toEqual({ outcome: "accepted" });
    expect((await adapter.queue.counts()).waiting).toBeGreaterThanOrEqual(1);
  });

  it("tells onHealthChange listeners once when Redis goes away and once when it is back", async () => {
    await adapter.ping();
    const changes: { available: boolean; error?: string }[] = [];
    const unsubscribe = adapter.onHealthChange?.((health) => changes.push(health));
    try {
      proxy.cut();
      await adapter.intake.accept(intakeRequest("evt-health")).catch(() => undefined);
      await vi.waitFor(() => expect(changes.map((c) => c.available)).toEqual([false]), 5_000);
      proxy.restore();
      await vi.waitFor(() => expect(changes.map((c) => c.available)).toEqual([false, true]), 5_000);
      expect(typeof changes[0]?.error).toBe("string");
    } finally {
      proxy.restore();
      unsubscribe?.();
    }
  });

  // Last: it closes the adapter. A deploy or a SIGTERM during an outage must end, not wait for Redis.
  it("a consumer and the adapter close in bounded time while Redis is away", async () => {
    const handled: string[] = [];
    const consumer = adapter.queue.consume(
      (job) => {
        handled.push(job.id);
        return Promise.resolve({ type: "ack" });
      },
      { concurrency: 2 },
    );
    await adapter.intake.accept(intakeRequest("evt-before-close"));
    await expect.poll(() => handled.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);

    proxy.cut();
    // Long enough for every connection to see it is gone and start reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await consumer.close({ drainTimeoutMs: 1_000 });
    const consumerMs = Date.now() - started;
    await adapter.close();
    const adapterMs = Date.now() - started - consumerMs;
    // The close grace (2 s) and some slack.
    expect(consumerMs).toBeLessThan(6_000);
    expect(adapterMs).toBeLessThan(6_000);
    console.info(`[redis down] consumer closed in ${consumerMs} ms, adapter in ${adapterMs} ms`);
  }, 20_000);
});
