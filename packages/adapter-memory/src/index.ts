/**
 * The memory adapter for hookwise: idempotency claims, event records and the work queue kept in
 * bounded maps inside this process. Use it for development, tests and single-process apps; it is
 * not durable and not shared across processes (it says so in the log when created).
 *
 * @example
 * import { createMemoryAdapter } from "@hookwise/adapter-memory";
 * const adapter = createMemoryAdapter();
 *
 * @module @hookwise/adapter-memory
 */

export { createMemoryAdapter } from "./create-memory-adapter.ts";
export type { MemoryAdapterOptions } from "./create-memory-adapter.ts";
export {
  createMemoryIdempotencyStore,
  DEFAULT_MAX_IDEMPOTENCY_KEYS,
} from "./memory-idempotency-store.ts";
export type {
  MemoryIdempotencyStore,
  MemoryIdempotencyStoreOptions,
} from "./memory-idempotency-store.ts";
export {
  createMemoryEventStore,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_EVENT_TTL_MS,
} from "./memory-event-store.ts";
export type { MemoryEventStore, MemoryEventStoreOptions } from "./memory-event-store.ts";
export { createMemoryEndpointStore, DEFAULT_MAX_ENDPOINTS } from "./memory-endpoint-store.ts";
export type { MemoryEndpointStore, MemoryEndpointStoreOptions } from "./memory-endpoint-store.ts";
export {
  createMemoryQueue,
  DEFAULT_MAX_QUEUED_JOBS,
  DEFAULT_REDELIVERY_DELAY_MS,
} from "./memory-queue.ts";
export type { MemoryQueueOptions } from "./memory-queue.ts";
