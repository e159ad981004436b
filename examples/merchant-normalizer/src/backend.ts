import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createRedisAdapter } from "@hookwise/adapter-redis";
import { isHookwiseError, type Adapter, type Logger } from "@hookwise/core";
import type { AppConfig } from "./config.ts";

/**
 * Two adapters on one backend: the ingestor's (normalize requests and the heuristic's jobs) and
 * the outbox's (client endpoints, messages and delivery jobs). Each worker consumes every job of its
 * adapter's queue, so they must not share one: on Redis they get two key prefixes,
 * `<REDIS_PREFIX>:requests` and `<REDIS_PREFIX>:outbox`.
 */
export interface Backend {
  readonly name: "memory" | "redis";
  /** The ingestor's; the ingestor closes it. */
  readonly requests: Adapter;
  /** The outbox's; closed by {@link Backend.close} (the outbox leaves its adapter open). */
  readonly outbox: Adapter;
  health(): Promise<BackendHealth>;
  /** Close the outbox's adapter. */
  close(): Promise<void>;
}

/** What `GET /` reports about the backend. */
export interface BackendHealth {
  readonly adapter: "memory" | "redis";
  readonly status: "ok" | "unavailable";
  /** One round trip to Redis, in ms. */
  readonly latency_ms?: number;
  readonly error?: string;
}

/** Shortest BullMQ lock: renewed every half, so a shorter one risks losing a live attempt. */
const MIN_LOCK_MS = 30_000;

/** Redis when `REDIS_URL` is set, memory otherwise. */
export function createBackend(config: AppConfig, logger?: Logger): Backend {
  const logging = logger === undefined ? {} : { logger };
  if (config.redisUrl === undefined) {
    const outbox = createMemoryAdapter(logging);
    return {
      name: "memory",
      requests: createMemoryAdapter(logging),
      outbox,
      health: () => Promise.resolve({ adapter: "memory", status: "ok" }),
      close: () => outbox.close(),
    };
  }
  // A job whose worker died is run again once its lock expires: longer than one heuristic run, so
  // a live worker (which renews the lock) is never taken over.
  const lockDurationMs = Math.max(MIN_LOCK_MS, config.heuristicDelayMs * 2);
  const requests = createRedisAdapter({
    url: config.redisUrl,
    prefix: `${config.redisPrefix}:requests`,
    lockDurationMs,
    ...logging,
  });
  const outbox = createRedisAdapter({
    url: config.redisUrl,
    prefix: `${config.redisPrefix}:outbox`,
    ...logging,
  });
  return {
    name: "redis",
    requests,
    outbox,
    async health() {
      try {
        const latencies = await Promise.all([requests.ping(), outbox.ping()]);
        return { adapter: "redis", status: "ok", latency_ms: Math.max(...latencies) };
      } catch (error) {
        const code = isHookwiseError(error) ? error.code : "UNEXPECTED";
        return { adapter: "redis", status: "unavailable", error: code };
      }
    },
    close: () => outbox.close(),
  };
}
