import { consoleLogger, type Adapter, type AdapterCapabilities, type Logger } from "@hookwise/core";
import type { Queue as BullQueue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { asBackendError, openConnections } from "./redis-connections.ts";
import { createRedisEndpointStore } from "./redis-endpoint-store.ts";
import { createRedisEventStore, DEFAULT_EVENT_TTL_MS } from "./redis-event-store.ts";
import { createRedisIdempotencyStore } from "./redis-idempotency-store.ts";
import { createRedisIntake } from "./redis-intake.ts";
import { DEFAULT_PREFIX, QUEUE_NAME, redisKeys } from "./redis-keys.ts";
import {
  createRedisQueue,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_REDELIVERY_DELAY_MS,
  DEFAULT_STALLED_INTERVAL_MS,
} from "./redis-queue.ts";
import { defineScripts } from "./redis-scripts.ts";
import { createStoreContext } from "./redis-store-context.ts";
import { durationMs, integerAtLeast } from "./validate-option.ts";

/**
 * Default {@link RedisAdapterOptions.commandTimeoutMs}.
 * @example
 * createRedisAdapter({ url, commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS * 2 });
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 250;
/**
 * Default {@link RedisAdapterOptions.ingestTimeoutMs}.
 * @example
 * createRedisAdapter({ url, ingestTimeoutMs: DEFAULT_INGEST_TIMEOUT_MS * 2 });
 */
export const DEFAULT_INGEST_TIMEOUT_MS = 500;
/**
 * Default {@link RedisAdapterOptions.ingestRetries}.
 * @example
 * createRedisAdapter({ url, ingestRetries: DEFAULT_INGEST_RETRIES + 1 });
 */
export const DEFAULT_INGEST_RETRIES = 2;

/**
 * Options of {@link createRedisAdapter}. Give `connection` or `url`.
 * @example
 * const options: RedisAdapterOptions = { connection: new Redis(process.env.REDIS_URL!), prefix: "shop" };
 * @category Adapters
 */
export interface RedisAdapterOptions {
  /**
   * Your ioredis client (standalone or Cluster). It is a template: the adapter opens its own
   * connections from it with `duplicate()` (a fail-fast one for stores and the producer, and BullMQ's
   * worker connections with `maxRetriesPerRequest: null`), closes those, and never closes yours.
   * Its `retryStrategy` decides how fast the adapter reconnects after an outage.
   */
  readonly connection?: Redis | Cluster;
  /** A Redis URL (`redis://user:pass@host:6379/0`, `rediss://` for TLS), when no `connection` is given. */
  readonly url?: string;
  /**
   * Namespace of every key, wrapped in a hash tag (`{hookwise}:…`) so that on Redis Cluster all of
   * them share one slot. Two adapters with the same prefix share their data (that is how several
   * processes form one service); use another prefix per environment.
   * @default "hookwise"
   */
  readonly prefix?: string;
  /**
   * How long a settled record (delivered, dead-lettered, ignored, conflict) is kept after its last
   * status change, in ms; Redis expires it. Records still queued or processing are never expired.
   * `Infinity` keeps them until deleted.
   * @default 604_800_000 (7 days, {@link DEFAULT_EVENT_TTL_MS})
   */
  readonly eventTtlMs?: number;
  /**
   * Longest one command may take on the adapter's fail-fast connection, in ms (ioredis `commandTimeout`).
   * @default 250 ({@link DEFAULT_COMMAND_TIMEOUT_MS})
   */
  readonly commandTimeoutMs?: number;
  /**
   * Longest one intake (the ack path's call) may take, retries included, in ms. Past it the intake
   * rejects with `BackendUnavailableError` and the ingestor answers 503 with `Retry-After`. It also
   * bounds how long other store calls wait for a connection.
   * @default 500 ({@link DEFAULT_INGEST_TIMEOUT_MS})
   */
  readonly ingestTimeoutMs?: number;
  /**
   * Further tries of an intake whose try failed (a dropped connection, a failover), within
   * `ingestTimeoutMs` (p-retry with a short backoff).
   * @default 2 ({@link DEFAULT_INGEST_RETRIES})
   */
  readonly ingestRetries?: number;
  /**
   * Delay before a job whose handler threw is handed out again, in ms.
   * @default 1_000 ({@link DEFAULT_REDELIVERY_DELAY_MS})
   */
  readonly redeliveryDelayMs?: number;
  /**
   * How long a worker's lock on a running job lasts before it must be renewed, in ms (BullMQ
   * `lockDuration`, renewed every half). A worker that dies loses its locks after this long; its jobs
   * then go back to waiting at the next stalled check.
   * @default 30_000 ({@link DEFAULT_LOCK_DURATION_MS})
   */
  readonly lockDurationMs?: number;
  /**
   * How often workers look for jobs whose lock expired, in ms (BullMQ `stalledInterval`).
   * @default 30_000 ({@link DEFAULT_STALLED_INTERVAL_MS})
   */
  readonly stalledIntervalMs?: number;
  /**
   * Where the adapter warns (Redis unreachable and back, BullMQ errors, failing handlers).
   * @default consoleLogger
   */
  readonly logger?: Logger;
}

/**
 * The BullMQ side of a {@link RedisAdapter}, for monitoring: mount `queue` in bull-board with
 * `new BullMQAdapter(adapter.bullmq.queue)`.
 * @example
 * createBullBoard({ queues: [new BullMQAdapter(adapter.bullmq.queue)], serverAdapter });
 * @category Adapters
 */
export interface RedisAdapterBullMQ {
  /** BullMQ's `prefix`: the hash tag `{prefix}`. */
  readonly prefix: string;
  /** The queue's name, `jobs`; its keys start `{prefix}:jobs:`. */
  readonly queueName: string;
  /** The BullMQ queue this adapter produces to. Do not close it: `adapter.close()` does. */
  readonly queue: BullQueue;
}

/**
 * An {@link Adapter} on Redis, with what monitoring and tests need.
 * @example
 * const adapter: RedisAdapter = createRedisAdapter({ url: process.env.REDIS_URL });
 * app.get("/health", async () => ({ redisMs: await adapter.ping() }));
 * @category Adapters
 */
export interface RedisAdapter extends Adapter {
  /** The BullMQ queue and its names, for bull-board. */
  readonly bullmq: RedisAdapterBullMQ;
  /**
   * One round trip to Redis; resolves its duration in ms (a health check), rejects with
   * `BackendUnavailableError` when Redis does not answer within `ingestTimeoutMs`.
   */
  ping(): Promise<number>;
  /**
   * Drop every connection at once, without waiting for running jobs or acknowledging them: what a
   * crash does. Their locks expire and another worker takes the jobs over. For crash tests; shut
   * down with `close()`.
   */
  disconnect(): Promise<void>;
}

const CAPABILITIES: AdapterCapabilities = Object.freeze({
  durable: true,
  sharedAcrossProcesses: true,
});

/**
 * An {@link Adapter} on Redis (6 or newer) and BullMQ: durable, and shared by any number of ingest
 * and worker processes. Intake is one Lua script plus the BullMQ `add` (two round trips); Redis down
 * means intake rejects within `ingestTimeoutMs` and the ingestor answers 503 with `Retry-After`.
 * It also holds the outbound endpoint registry (`endpoints`, for `@hookwise/outbound`).
 * @example
 * import { createRedisAdapter } from "@hookwise/adapter-redis";
 *
 * const adapter = createRedisAdapter({ url: process.env.REDIS_URL, prefix: "hookwise" });
 * // ... createIngestor({ adapter, ... }); on shutdown:
 * await adapter.close();
 * @throws ConfigurationError when neither `connection` nor `url` is given or an option is invalid.
 * @category Adapters
 */
export function createRedisAdapter(options: RedisAdapterOptions): RedisAdapter {
  const resolved = resolveOptions(options);
  const keys = redisKeys(resolved.prefix);
  const connections = openConnections({
    connection: options.connection,
    url: options.url,
    commandTimeoutMs: resolved.commandTimeoutMs,
    logger: resolved.logger,
  });
  let closed = false;
  const context = createStoreContext(
    {
      keys,
      scripts: defineScripts(connections.commands),
      connections,
      eventTtlMs: resolved.eventTtlMs,
    },
    resolved.ingestTimeoutMs,
    () => closed,
  );
  const queue = createRedisQueue({ ...resolved, keys, connections, context });
  const ingest = { timeoutMs: resolved.ingestTimeoutMs, retries: resolved.ingestRetries };
  let closing: Promise<void> | undefined;
  return {
    name: "redis",
    capabilities: CAPABILITIES,
    intake: createRedisIntake(context, queue, ingest),
    idempotency: createRedisIdempotencyStore(context),
    events: createRedisEventStore(context),
    queue: queue.queue,
    endpoints: createRedisEndpointStore(context),
    onHealthChange: (listener) => connections.onHealthChange(listener),
    bullmq: { prefix: keys.tag, queueName: QUEUE_NAME, queue: queue.bull },
    ping: () =>
      context.call(async () => {
        const started = Date.now();
        await connections.commands.ping();
        return Date.now() - started;
      }),
    close() {
      // Stores stay open while the queue drains: running handlers still record their attempts.
      closing ??= queue.queue
        .close()
        .catch((error: unknown) =>
          resolved.logger.warn("Closing the queue failed", errorField(error)),
        )
        .then(() => {
          closed = true;
          return connections.close();
        });
      return closing;
    },
    async disconnect() {
      closed = true;
      closing ??= Promise.resolve();
      await queue.kill().catch(() => undefined);
      connections.disconnect();
    },
  };
}

function resolveOptions(options: RedisAdapterOptions) {
  return Object.freeze({
    prefix: options.prefix ?? DEFAULT_PREFIX,
    eventTtlMs: durationMs("eventTtlMs", options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS, 1, true),
    commandTimeoutMs: durationMs(
      "commandTimeoutMs",
      options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      1,
    ),
    ingestTimeoutMs: durationMs(
      "ingestTimeoutMs",
      options.ingestTimeoutMs ?? DEFAULT_INGEST_TIMEOUT_MS,
      1,
    ),
    ingestRetries: integerAtLeast(
      "ingestRetries",
      options.ingestRetries ?? DEFAULT_INGEST_RETRIES,
      0,
    ),
    redeliveryDelayMs: durationMs(
      "redeliveryDelayMs",
      options.redeliveryDelayMs ?? DEFAULT_REDELIVERY_DELAY_MS,
      0,
    ),
    lockDurationMs: durationMs(
      "lockDurationMs",
      options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      100,
    ),
    stalledIntervalMs: durationMs(
      "stalledIntervalMs",
      options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
      100,
    ),
    logger: options.logger ?? consoleLogger,
  });
}

function errorField(error: unknown): { error: string } {
  return { error: asBackendError(error).name };
}
