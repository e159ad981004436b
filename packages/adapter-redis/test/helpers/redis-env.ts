import { Redis } from "ioredis";

/** The Redis the tests use (`.ci/run` makes sure one answers there). */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const parsed = new URL(REDIS_URL);
/** Host and port of {@link REDIS_URL}. */
export const REDIS_HOST = parsed.hostname;
export const REDIS_PORT = Number(parsed.port || 6379);

/**
 * Whether Redis answers. Under `CI=true` an unreachable Redis is an error, never a skip: the suites
 * that need it must fail there, not pass by skipping.
 */
export async function redisReachable(): Promise<boolean> {
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
    if (process.env.CI === "true") {
      throw new Error(
        `CI=true and no Redis answers at ${REDIS_URL}: start one (scripts/ensure-redis.sh).`,
        {
          cause: error,
        },
      );
    }
    return false;
  } finally {
    client.disconnect();
  }
}

/** A plain client for assertions and cleanup. */
export function plainClient(url = REDIS_URL): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on("error", () => undefined);
  return client;
}

/** Deletes every key whose name starts with `{prefix` (the adapter's hash tag opens every key). */
export async function deleteKeys(client: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  const match = `{${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

/** A unique prefix for one test run. */
export function uniquePrefix(name: string): string {
  return `hookwise-test:${name}:${process.pid}:${Math.random().toString(16).slice(2, 10)}`;
}
