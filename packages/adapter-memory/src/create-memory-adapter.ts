import {
  consoleLogger,
  type Adapter,
  type AdapterCapabilities,
  type Clock,
  type Logger,
} from "@hookwise/core";
import { createMemoryEndpointStore, DEFAULT_MAX_ENDPOINTS } from "./memory-endpoint-store.ts";
import {
  createMemoryEventStoreParts,
  DEFAULT_EVENT_TTL_MS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_EVENTS,
} from "./memory-event-store.ts";
import {
  createMemoryIdempotencyStoreParts,
  DEFAULT_MAX_IDEMPOTENCY_KEYS,
} from "./memory-idempotency-store.ts";
import { createMemoryIntake } from "./memory-intake.ts";
import {
  createMemoryQueueParts,
  DEFAULT_MAX_QUEUED_JOBS,
  DEFAULT_REDELIVERY_DELAY_MS,
} from "./memory-queue.ts";
import { durationMs, positiveLimit } from "./validate-option.ts";

/**
 * Options of {@link createMemoryAdapter}. Every store is bounded; the defaults suit development and
 * a single small process.
 * @category Adapters
 */
export interface MemoryAdapterOptions {
  /**
   * Time source for TTLs, stale claims and queue delays; pass `createFakeClock()` in tests.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Where the adapter warns (at creation, and when a queue handler fails).
   * @default consoleLogger
   */
  readonly logger?: Logger;
  /**
   * Most event records held; expired, then the oldest settled records make room. When all are still
   * in progress, new events are refused with a 503 rather than dropped.
   * @default 10_000 ({@link DEFAULT_MAX_EVENTS})
   */
  readonly maxEvents?: number;
  /**
   * Most bytes the event records may hold: body bytes, header strings, and estimates of outputs and
   * attempts (see docs/adapters/memory.md). Settled records make room first; when records still in
   * progress fill it, new events are refused with a 503 and `Retry-After`.
   * @default 268_435_456 (256 MiB, {@link DEFAULT_MAX_EVENT_BYTES})
   */
  readonly maxBytes?: number;
  /**
   * How long a settled event record (delivered, dead-lettered, ignored, conflict) is kept after its
   * last change, in milliseconds.
   * @default 604_800_000 (7 days, {@link DEFAULT_EVENT_TTL_MS})
   */
  readonly eventTtlMs?: number;
  /**
   * Most idempotency keys remembered; expired keys make room first, then the oldest.
   * @default 100_000 ({@link DEFAULT_MAX_IDEMPOTENCY_KEYS})
   */
  readonly maxIdempotencyKeys?: number;
  /**
   * Most outbound endpoints registered (`adapter.endpoints`, for `@hookwise/outbound`). They are
   * never evicted: past the bound, registering one rejects with `BackendUnavailableError`.
   * @default 10_000 ({@link DEFAULT_MAX_ENDPOINTS})
   */
  readonly maxEndpoints?: number;
  /**
   * Most jobs waiting or delayed; beyond it new events are refused with a 503 (`BackendUnavailableError`).
   * @default 100_000 ({@link DEFAULT_MAX_QUEUED_JOBS})
   */
  readonly maxQueuedJobs?: number;
  /**
   * Delay before a job whose handler threw is handed out again, in milliseconds.
   * @default 1_000 ({@link DEFAULT_REDELIVERY_DELAY_MS})
   */
  readonly redeliveryDelayMs?: number;
}

const CAPABILITIES: AdapterCapabilities = Object.freeze({
  durable: false,
  sharedAcrossProcesses: false,
});

const NOT_DURABLE =
  "The memory adapter keeps events, idempotency keys, queued jobs and endpoints in this process only: they are lost on restart and not shared with other processes.";

/**
 * An {@link Adapter} that keeps everything in this process, in bounded maps: for development, tests
 * and single-process apps that can lose queued work on a restart. It warns once at creation, and
 * logs an error instead when `NODE_ENV` is `production`.
 * @example
 * import { createMemoryAdapter } from "@hookwise/adapter-memory";
 *
 * const adapter = createMemoryAdapter({ maxEvents: 1_000 });
 * // ... createIngestor({ adapter, ... }); on shutdown:
 * await adapter.close();
 * @category Adapters
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): Adapter {
  const { clock, logger = consoleLogger } = options;
  // Validated here so an error names the adapter's option, not the store's.
  const maxKeys = positiveLimit(
    "maxIdempotencyKeys",
    options.maxIdempotencyKeys ?? DEFAULT_MAX_IDEMPOTENCY_KEYS,
  );
  const maxEvents = positiveLimit("maxEvents", options.maxEvents ?? DEFAULT_MAX_EVENTS);
  const maxBytes = positiveLimit("maxBytes", options.maxBytes ?? DEFAULT_MAX_EVENT_BYTES);
  const eventTtlMs = durationMs("eventTtlMs", options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS, 1, true);
  const maxQueuedJobs = positiveLimit(
    "maxQueuedJobs",
    options.maxQueuedJobs ?? DEFAULT_MAX_QUEUED_JOBS,
  );
  const redeliveryDelayMs = durationMs(
    "redeliveryDelayMs",
    options.redeliveryDelayMs ?? DEFAULT_REDELIVERY_DELAY_MS,
    0,
  );
  const maxEndpoints = positiveLimit("maxEndpoints", options.maxEndpoints ?? DEFAULT_MAX_ENDPOINTS);
  const idempotency = createMemoryIdempotencyStoreParts({ clock, maxKeys });
  const events = createMemoryEventStoreParts({ clock, maxEvents, maxBytes, eventTtlMs });
  const queue = createMemoryQueueParts({ clock, logger, maxQueuedJobs, redeliveryDelayMs });
  const endpoints = createMemoryEndpointStore({ maxEndpoints });
  const intake = createMemoryIntake({
    idempotency: idempotency.state,
    events: events.state,
    queue: queue.state,
  });
  warnNotDurable(logger);
  let closing: Promise<void> | undefined;
  return {
    name: "memory",
    capabilities: CAPABILITIES,
    intake,
    idempotency: idempotency.store,
    events: events.store,
    queue: queue.queue,
    endpoints,
    close() {
      // Stores stay open while the queue drains: running handlers still record their attempts.
      closing ??= queue.queue.close().then(() => {
        idempotency.store.close();
        events.store.close();
        endpoints.close();
      });
      return closing;
    },
  };
}

function warnNotDurable(logger: Logger): void {
  if (nodeEnv() === "production") {
    logger.error(
      `${NOT_DURABLE} NODE_ENV is production: use a durable, shared adapter such as @hookwise/adapter-redis.`,
      {
        adapter: "memory",
      },
    );
  } else {
    logger.warn(NOT_DURABLE, { adapter: "memory" });
  }
}

/** `NODE_ENV` where there is a `process` (Node, Bun, Deno's compat); `undefined` elsewhere. */
function nodeEnv(): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.NODE_ENV;
  } catch {
    return undefined;
  }
}
