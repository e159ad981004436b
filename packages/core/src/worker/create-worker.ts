import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import { resolveRetryPolicy, type RetryPolicy } from "../dispatch/retry-policy.ts";
import { ClosedError, ConfigurationError } from "../errors.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import type { JobHandler, JobOutcome, QueueJob } from "../queue/queue.ts";
import type { Source } from "../sources/source.ts";
import { transformerId } from "../transform/transformer.ts";
import type { TransformerRegistry } from "../transform/transformer-registry.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { consoleLogger, type Logger } from "../util/logger.ts";
import { deliverEvent } from "./deliver-event.ts";
import { processEvent } from "./process-event.ts";
import { replayEvent } from "./replay-event.ts";
import type { ResolvedDestination, WorkerContext } from "./worker-context.ts";

/** Default number of jobs a worker runs at once. @category Dispatch */
export const DEFAULT_WORKER_CONCURRENCY = 10;

/** Options of {@link createWorker}. @category Dispatch */
export interface WorkerOptions {
  /** Where events and jobs live (the same adapter the ingestor writes to). */
  readonly adapter: Adapter;
  /** Transformers by (source, type); every name in their `to` must be a destination here. */
  readonly transformers: TransformerRegistry;
  /** Where outputs go. Names must be unique. */
  readonly destinations: readonly Destination[];
  /** Lifecycle hub the worker announces transforms, attempts and dead letters on. */
  readonly lifecycle: Lifecycle;
  /**
   * Sources, to read payloads as ingest did: the source's `parse` and its schema for the type
   * (so `payload` is the schema's output, with defaults and transforms applied). Without the
   * source, the body is read as JSON.
   * @default []
   */
  readonly sources?: readonly Source[];
  /** Retry policy for transforms and every destination (a destination's `retry` overrides it). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Jobs run at once. @default 10 */
  readonly concurrency?: number;
  /** Time source for attempts and records. @default systemClock */
  readonly clock?: Clock;
  /** Randomness for backoff jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Where the worker logs (ids, names and codes only). @default consoleLogger */
  readonly logger?: Logger;
}

/**
 * What {@link Worker.replay} did.
 * @category Dispatch
 */
export interface ReplayResult {
  readonly eventId: string;
  /** Dead-lettered deliveries set back to pending and queued (each starts a new round of attempts). */
  readonly deliveries: number;
  /** True when the event had failed in a transformer and was queued for processing again. */
  readonly reprocessed: boolean;
}

/**
 * Consumes the queue: transforms events, fans out deliveries, and delivers them with retries.
 * @category Dispatch
 */
export interface Worker {
  /** Start consuming jobs. Calling it again does nothing. */
  start(): void;
  /** Stop consuming and wait for running jobs (closes the adapter's queue). Idempotent. */
  close(): Promise<void>;
  /**
   * Deliver a dead-lettered event again: its dead-lettered deliveries (a new round of attempts), or
   * the whole event when it failed in a transformer. Succeeded deliveries are not repeated.
   * @throws EventNotFoundError when no event has that id.
   */
  replay(eventId: string): Promise<ReplayResult>;
}

/**
 * Creates the worker side of the pipeline (design steps 8–11). `createIngestor` creates one for
 * you; create one yourself to run workers in separate processes on a shared adapter.
 * @example
 * const worker = createWorker({
 *   adapter,
 *   transformers: createTransformerRegistry([toPartner]),
 *   destinations: [createHttpDestination({ name: "partner", url: "https://partner.example/hooks" })],
 *   lifecycle: createLifecycle(consoleLogger),
 * });
 * worker.start();
 * @throws ConfigurationError when an option is invalid or a transformer names an unknown destination.
 * @category Dispatch
 */
export function createWorker(options: WorkerOptions): Worker {
  const context = resolveContext(options);
  const concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError("`concurrency` must be an integer of at least 1.");
  }
  let state: "idle" | "running" | "closed" = "idle";
  let closing: Promise<void> | undefined;
  const handler: JobHandler = (job) => handleJob(job, context);

  return {
    start() {
      if (state === "closed") throw new ClosedError("This worker");
      if (state === "running") return;
      state = "running";
      context.adapter.queue.consume(handler, { concurrency });
    },
    close() {
      closing ??= (async () => {
        const wasRunning = state === "running";
        state = "closed";
        if (wasRunning) await context.adapter.queue.close();
      })();
      return closing;
    },
    replay: (eventId) => replayEvent(eventId, context),
  };
}

async function handleJob(job: QueueJob, context: WorkerContext): Promise<JobOutcome> {
  try {
    return job.kind === "process"
      ? await processEvent(job.eventId, context)
      : await deliverEvent(job.eventId, job.deliveryId, context);
  } catch (error) {
    // A store or queue call failed: the queue hands the job out again after its redelivery delay.
    const kind = error instanceof Error ? error.name : typeof error;
    context.logger.warn("Job failed; it will be retried", { job: job.id, error: kind });
    throw error;
  }
}

function resolveContext(options: WorkerOptions): WorkerContext {
  if (options.adapter?.events === undefined || options.adapter.queue === undefined) {
    throw new ConfigurationError(
      "`adapter` is required: pass `createMemoryAdapter()` from @hookwise/adapter-memory.",
    );
  }
  if (options.lifecycle === undefined) {
    throw new ConfigurationError("`lifecycle` is required: pass `createLifecycle(logger)`.");
  }
  const policy = resolveRetryPolicy(options.retry);
  const destinations = resolveDestinations(options.destinations, policy);
  const sources = new Map((options.sources ?? []).map((source) => [source.name, source]));
  checkTransformers(options.transformers, destinations, sources);
  return {
    adapter: options.adapter,
    transformers: options.transformers,
    destinations,
    sources,
    policy,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    logger: options.logger ?? consoleLogger,
    lifecycle: options.lifecycle,
    transformFailures: new Map(),
    signal: new AbortController().signal,
  };
}

function resolveDestinations(
  list: readonly Destination[],
  policy: RetryPolicy,
): Map<string, ResolvedDestination> {
  const destinations = new Map<string, ResolvedDestination>();
  for (const destination of list) {
    if (destinations.has(destination.name)) {
      throw new ConfigurationError(
        `\`destinations\` has two destinations named "${destination.name}"; names must be unique.`,
      );
    }
    destinations.set(destination.name, {
      destination,
      policy: resolveRetryPolicy(destination.retry, policy),
    });
  }
  return destinations;
}

function checkTransformers(
  registry: TransformerRegistry,
  destinations: ReadonlyMap<string, ResolvedDestination>,
  sources: ReadonlyMap<string, Source>,
): void {
  for (const transformer of registry.transformers) {
    const id = transformerId(transformer);
    const missing = transformer.to.find((name) => !destinations.has(name));
    if (missing !== undefined) {
      throw new ConfigurationError(
        `Transformer \`${id}\` sends to "${missing}", but no destination has that name; add it to \`destinations\`.`,
      );
    }
    if (sources.size > 0 && !sources.has(transformer.source)) {
      throw new ConfigurationError(
        `Transformer \`${id}\` listens to source "${transformer.source}", which is not in \`sources\`.`,
      );
    }
  }
}
