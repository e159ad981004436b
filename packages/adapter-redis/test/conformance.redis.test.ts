import * as vitest from "vitest";
import { silentLogger, type Adapter } from "@hookwise/core";
import { testAdapter } from "@hookwise/core/testing";
import { createRedisAdapter, type RedisAdapter } from "@hookwise/adapter-redis";
import { Redis } from "ioredis";
import {
  deleteKeys,
  plainClient,
  REDIS_HOST,
  REDIS_PORT,
  redisReachable,
} from "./helpers/redis-env.ts";
import { startTcpProxy } from "./helpers/tcp-proxy.ts";

// The whole adapter contract against a real Redis, on the real clock. Every adapter reaches Redis
// through a TCP proxy the `faults` hooks cut and restore; `kill` drops an adapter's connections
// without finishing its jobs, as a crashed process would, and short locks let another instance take
// the job over quickly.
const reachable = await redisReachable();
const proxy = await startTcpProxy(REDIS_HOST, REDIS_PORT);
// The template the adapters copy their connections from: reconnects fast once the proxy is back.
const template = new Redis(proxy.port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => 20 });
const live = new Set<RedisAdapter>();

vitest.afterAll(async () => {
  template.disconnect();
  await proxy.close();
  const client = plainClient();
  await deleteKeys(client, `hookwise-test:${process.pid}:`);
  client.disconnect();
});

async function untilAnswering(adapter: RedisAdapter): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await adapter.ping();
      return;
    } catch (error) {
      if ((error as { code?: string }).code === "CLOSED" || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function create(namespace: string): Adapter {
  const adapter = createRedisAdapter({
    connection: template,
    prefix: namespace,
    logger: silentLogger,
    redeliveryDelayMs: 50,
    lockDurationMs: 1_000,
    stalledIntervalMs: 500,
  });
  live.add(adapter);
  const close = adapter.close.bind(adapter);
  return Object.assign(adapter, {
    close: () => close().finally(() => live.delete(adapter)),
  });
}

if (reachable) {
  testAdapter(vitest, {
    name: "redis",
    time: "real",
    create: ({ namespace }) => create(namespace),
    faults: {
      breakBackend: async () => proxy.cut(),
      async restoreBackend() {
        proxy.restore();
        await Promise.all([...live].map(untilAnswering));
      },
    },
    async kill(adapter) {
      live.delete(adapter as RedisAdapter);
      await (adapter as RedisAdapter).disconnect();
    },
  });
} else {
  vitest.describe.skip("redis adapter conformance (skipped: no Redis at REDIS_URL)", () => {
    vitest.it("needs Redis", () => undefined);
  });
}
