import { Redis } from "ioredis";
import * as vitest from "vitest";

/** The Redis the tests use. */
export const REDIS_URL = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";

/**
 * Whether Redis answers. Under `CI=true` an unreachable Redis is an error, never a skip: the Redis
 * suites must fail there, not pass by skipping.
 */
async function redisReachable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    if (process.env["CI"] === "true") {
      throw new Error(`CI=true and no Redis answers at ${REDIS_URL}: start one.`, { cause: error });
    }
    return false;
  } finally {
    client.disconnect();
  }
}

const reachable = await redisReachable();

/** `describe` for suites that need Redis: skipped when none answers, except under `CI=true`. */
export const describeRedis: typeof vitest.describe = reachable
  ? vitest.describe
  : (vitest.describe.skip as typeof vitest.describe);

/** A unique `REDIS_PREFIX` for one test. */
export function uniquePrefix(name: string): string {
  return `merchant-normalizer-test:${name}:${process.pid}:${Math.random().toString(16).slice(2, 10)}`;
}

/**
 * Deletes every key of a `REDIS_PREFIX`: the service's two adapters use `<prefix>:requests` and
 * `<prefix>:outbox`, each wrapped in a hash tag, so every key starts `{<prefix>:`.
 */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  client.on("error", () => undefined);
  try {
    let cursor = "0";
    const match = `{${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", 1_000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

/** How many keys a `REDIS_PREFIX` has (to check the cleanup). */
export async function countKeys(prefix: string): Promise<number> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  client.on("error", () => undefined);
  try {
    let cursor = "0";
    let count = 0;
    const match = `{${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", 1_000);
      cursor = next;
      count += keys.length;
    } while (cursor !== "0");
    return count;
  } finally {
    client.disconnect();
  }
}
