import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createRedisAdapter, DEFAULT_EVENT_TTL_MS } from "@hookwise/adapter-redis";
import { isHookwiseError, type Adapter, type Logger } from "@hookwise/core";
import type { AppConfig } from "./config.ts";
import { createRedisTransactionState } from "./state/redis-transaction-state.ts";
import { createMemoryTransactionState, type TransactionState } from "./state/transaction-state.ts";

/** Where events, jobs and transaction state live, and how to ask it whether it is healthy. */
export interface Backend {
  readonly name: "memory" | "redis";
  /** Handed to the ingestor, which closes it. */
  readonly adapter: Adapter;
  readonly state: TransactionState;
  health(): Promise<BackendHealth>;
}

/** What `GET /` reports about the backend. */
export interface BackendHealth {
  readonly adapter: "memory" | "redis";
  readonly status: "ok" | "unavailable";
  /** One round trip to Redis, in ms. */
  readonly latency_ms?: number;
  readonly error?: string;
}

/** Shortest BullMQ lock: renewed every half, so shorter risks taking over a live attempt. */
const MIN_LOCK_MS = 500;
/** BullMQ's own default lock, kept when the stale timeout allows it. */
const MAX_LOCK_MS = 30_000;

/**
 * Redis when `REDIS_URL` is set, memory otherwise. On Redis the BullMQ lock and stalled check are
 * each a quarter of the stale timeout (30 s each at the default 120 s): a job whose worker died goes
 * back to waiting at most half the stale timeout later, and another instance runs it.
 */
export function createBackend(config: AppConfig, logger?: Logger): Backend {
  const logging = logger === undefined ? {} : { logger };
  if (config.redisUrl === undefined) {
    return {
      name: "memory",
      adapter: createMemoryAdapter(logging),
      state: createMemoryTransactionState(),
      health: () => Promise.resolve({ adapter: "memory", status: "ok" }),
    };
  }
  const lockMs = Math.min(MAX_LOCK_MS, Math.max(MIN_LOCK_MS, config.processingStaleTimeoutMs / 4));
  const adapter = createRedisAdapter({
    url: config.redisUrl,
    prefix: config.redisPrefix,
    lockDurationMs: lockMs,
    stalledIntervalMs: lockMs,
    ...logging,
  });
  return {
    name: "redis",
    adapter,
    state: createRedisTransactionState({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      ttlMs: DEFAULT_EVENT_TTL_MS,
    }),
    async health() {
      try {
        return { adapter: "redis", status: "ok", latency_ms: await adapter.ping() };
      } catch (error) {
        const code = isHookwiseError(error) ? error.code : "UNEXPECTED";
        return { adapter: "redis", status: "unavailable", error: code };
      }
    },
  };
}
