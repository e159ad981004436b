/** What bench/redis-bench.ts and its children (bench/redis-server.ts) say to each other. */

/** HTTP servers on Redis: hookwise's ack path, the two hand-written ones and a reference that keeps. */
export const REDIS_INGEST_VARIANTS = [
  "hookwise-redis",
  "bare-bullmq",
  "bare-lua",
  "bare-bullmq-keep",
] as const;
export type RedisIngestVariant = (typeof REDIS_INGEST_VARIANTS)[number];

/** Workers on Redis: hookwise's (to a no-op destination) and a bare BullMQ one (no-op jobs). */
export const REDIS_WORKER_VARIANTS = ["hookwise-worker", "bullmq-worker"] as const;
export type RedisWorkerVariant = (typeof REDIS_WORKER_VARIANTS)[number];

/** What a worker child reports once every queued event is done. */
export interface WorkerResultMessage {
  readonly type: "worker-result";
  /** From starting the worker to the last event done. */
  readonly seconds: number;
  /** CPU time of the worker process over that span (user + system), in microseconds. */
  readonly cpuMicros: number;
}
