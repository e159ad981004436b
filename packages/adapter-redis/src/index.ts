/**
 * The Redis adapter for hookwise: idempotency claims, event records and a BullMQ work queue on one
 * Redis, durable and shared by any number of ingest and worker processes.
 *
 * @example
 * import { createRedisAdapter } from "@hookwise/adapter-redis";
 * const adapter = createRedisAdapter({ url: "redis://127.0.0.1:6379" });
 *
 * @module @hookwise/adapter-redis
 */

export {
  createRedisAdapter,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_INGEST_TIMEOUT_MS,
  DEFAULT_INGEST_RETRIES,
} from "./create-redis-adapter.ts";
export type {
  RedisAdapter,
  RedisAdapterBullMQ,
  RedisAdapterOptions,
} from "./create-redis-adapter.ts";
export { DEFAULT_EVENT_TTL_MS } from "./redis-event-store.ts";
export { DEFAULT_PREFIX, QUEUE_NAME } from "./redis-keys.ts";
export {
  DEFAULT_REDELIVERY_DELAY_MS,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_STALLED_INTERVAL_MS,
} from "./redis-queue.ts";
