import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import {
  computeRetryDelayMs,
  resolveRetryPolicy,
  type RetryPolicy,
} from "../dispatch/retry-policy.ts";
import { ClosedError, ConfigurationError } from "../errors.ts";
import type { Lifecycle } from "../lifecycle/hookwise-events.ts";
import { jobField, JobKind } from "../queue/jobs.ts";
import type { Consumer, JobContext, JobOutcome, QueueJob } from "../queue/queue.ts";
import type { Source } from "../sources/source.ts";
import { transformerId } from "../transform/transformer.ts";
import type { TransformerRegistry } from "../transform/transformer-registry.ts";
import { systemClock, timerDelayMs, type Clock } from "../util/clock.ts";
import { consoleLogger, type Logger } from "../util/logger.ts";
import { deliverEvent } from "./deliver-event.ts";
import { giveUpJob } from "./give-up-job.ts";
import { processEvent } from "./process-event.ts";
import type { PayloadHandoff } from "../validate/payload-handoff.ts";
import { replayEvent, type ReplayResult } from "./replay-event.ts";
import { sweepUnqueued } from "./sweep-unqueued.ts";
import type { ResolvedDestination, WorkerContext } from "./worker-context.ts";

/** Default number of jobs a worker runs at once. @category Dispatch */
export const DEFAULT_WORKER_CONCURRENCY = 10;
/** Default {@link WorkerOptions.drainTimeoutMs}. @category Dispatch */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
/** Default {@link WorkerOptions.sweepIntervalMs}: one minute. @category Dispatch */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/** How long a failed job of an unknown kind waits before it is handed out again. */
const UNKNOWN_KIND_RETRY_MS = 60_000;

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
  /**
   * On `close()`, how long running jobs may take before their attempts are aborted, in ms. On a queue
   * that is not durable (memory) the worker also keeps running jobs that are ready until then, since
   * they would be lost. Delayed retries are not waited for.
   * @default 30 000
   */
  readonly drainTimeoutMs?: number;
  /**
   * How often a worker on a durable adapter queues again records left `queued` without a job (a crash
   * between storing and queueing), in ms; `Infinity` turns the sweep off. Records younger than one
   * interval are left alone. Adapters that are not durable have no such window and are not swept.
   * @default 60 000
   */
  readonly sweepIntervalMs?: number;
}

export type { ReplayResult } from "./replay-event.ts";

/**
 * Consumes the queue: transforms events, fans out deliveries, and delivers them with retries.
 * @category Dispatch
 */
export interface Worker {
  /** Start consuming jobs. Calling it again does nothing. */
  start(): void;
  /**
   * Stop consuming and wait for this worker's running jobs (see `drainTimeoutMs`). Closes only this
   * worker's consumer: the queue, the adapter and other processes' workers stay open. Idempotent.
   */
  close(): Promise<void>;
  /**
   * Deliver a dead-lettered event again: its dead-lettered deliveries (a new round of attempts), or
   * the whole event when it failed in a transformer. Succeeded deliveries are not repeated.
   * @throws EventNotFoundError when no event has that id.
   */
  replay(eventId: string): Promise<ReplayResult>;
}

/** Runs one kind of job. */
type KindHandler = (job: QueueJob, context: JobContext) => Promise<JobOutcome>;

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
  return buildWorker(options, undefined);
}

/**
 * {@link createWorker}, given the payloads this process's ack path validated already
 * (`createIngestor` passes them).
 * @internal
 */
export function buildWorker(options: WorkerOptions, handoff: PayloadHandoff | undefined): Worker {
  const abort = new AbortController();
  const context = resolveContext(options, handoff, abort.signal);
  const concurrency = positiveInteger(
    options.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
    "concurrency",
  );
  const drainTimeoutMs = nonNegative(
    options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
    "drainTimeoutMs",
  );
  const sweepIntervalMs = nonNegative(
    options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    "sweepIntervalMs",
  );
  const handlers = jobHandlers(context);
  let consumer: Consumer | undefined;
  let state: "idle" | "running" | "closed" = "idle";
  let closing: Promise<void> | undefined;
  const sweep = createSweep(context, sweepIntervalMs);

  return {
    start() {
      if (state === "closed") throw new ClosedError("This worker");
      if (state === "running") return;
      state = "running";
      consumer = context.adapter.queue.consume(
        (job, jobContext) => handleJob(job, jobContext, handlers, context),
        {
          concurrency,
        },
      );
      if (context.adapter.capabilities.durable) sweep.start();
    },
    close() {
      closing ??= (async () => {
        state = "closed";
        sweep.stop();
        if (consumer === undefined) return;
        // Past the grace period, running attempts are told to stop (DeliveryContext.signal).
        const timer = setTimeout(() => abort.abort(), timerDelayMs(drainTimeoutMs));
        try {
          if (!(await consumer.close({ drainTimeoutMs }))) {
            context.logger.warn("Closing before every accepted event was handled", {
              drainTimeoutMs,
            });
          }
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
    replay: (eventId) => replayEvent(eventId, context),
  };
}

/** How a job of one kind is run, and how many hand-outs it gets before the worker gives up. */
interface KindEntry {
  readonly run: KindHandler;
  readonly handOuts: number;
}

/**
 * The job table: one handler per kind (`queue/jobs.ts`). New kinds add a row. A process job gets the
 * worker's attempts. A deliver job's retries are hand-outs too, so it gets the most attempts any
 * destination allows (its delivery's own policy stops it first) plus the worker's, for hand-outs
 * that threw or died before an attempt was recorded.
 */
function jobHandlers(context: WorkerContext): ReadonlyMap<string, KindEntry> {
  const workerAttempts = context.policy.maxAttempts;
  let deliveryAttempts = workerAttempts;
  for (const { policy } of context.destinations.values())
    deliveryAttempts = Math.max(deliveryAttempts, policy.maxAttempts);
  return new Map<string, KindEntry>([
    [
      JobKind.process,
      {
        run: (job, { attempt }) => processEvent(required(job, "eventId"), attempt, context),
        handOuts: workerAttempts,
      },
    ],
    [
      JobKind.deliver,
      {
        run: (job) => deliverEvent(required(job, "eventId"), required(job, "deliveryId"), context),
        handOuts: deliveryAttempts + workerAttempts,
      },
    ],
  ]);
}

/**
 * Runs a job by its kind. A throw that is not a decided outcome (a store call failed, our own code or
 * the adapter threw) is retried with backoff, counted by the queue's hand-outs; on the kind's last
 * hand-out the job gives up (`giveUpJob`: its delivery or its event is dead-lettered with the error's
 * name, so a replay can start it again). A job handed out past that without ever finishing (its
 * worker died each time) gives up without running, so no job is handed out forever.
 */
async function handleJob(
  job: QueueJob,
  jobContext: JobContext,
  handlers: ReadonlyMap<string, KindEntry>,
  context: WorkerContext,
): Promise<JobOutcome> {
  const entry = handlers.get(job.kind);
  if (entry === undefined) {
    context.logger.warn("A job of a kind this worker does not run; it is left for another worker", {
      job: job.id,
      kind: job.kind,
    });
    return { type: "retry", delayMs: UNKNOWN_KIND_RETRY_MS };
  }
  const { attempt } = jobContext;
  if (attempt > entry.handOuts) {
    context.logger.error(
      "Job handed out more times than its attempts allow without finishing (did its worker stop each time?); it is given up",
      { job: job.id, attempt },
    );
    await giveUpJob(job, "WorkerStopped", context);
    return { type: "ack" };
  }
  try {
    return await entry.run(job, jobContext);
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    if (attempt < entry.handOuts) {
      const delayMs = computeRetryDelayMs(context.policy, attempt, context.random);
      context.logger.warn("Job failed; it will be retried", {
        job: job.id,
        attempt,
        nextAttemptInMs: delayMs,
        error: kind,
      });
      return { type: "retry", delayMs };
    }
    context.logger.error("Job failed on its last attempt; it is given up", {
      job: job.id,
      attempt,
      error: kind,
    });
    await giveUpJob(job, kind, context);
    return { type: "ack" };
  }
}

function required(job: QueueJob, field: string): string {
  const value = jobField(job, field);
  if (value === undefined) throw new ConfigurationError(`Job ${job.id} has no \`${field}\`.`);
  return value;
}

/** The periodic sweep of records stored without a job (durable adapters only). */
function createSweep(context: WorkerContext, intervalMs: number): { start(): void; stop(): void } {
  let timer: ReturnType<Clock["setTimeout"]> | undefined;
  let stopped = false;
  const tick = (): void => {
    void sweepUnqueued(context.adapter, { olderThanMs: intervalMs, now: context.clock.now() })
      .then((requeued) => {
        if (requeued > 0)
          context.logger.info("Queued again events stored without a job", { requeued });
      })
      .catch((error: unknown) => {
        context.logger.warn("The sweep of unqueued events failed; it runs again later", {
          error: error instanceof Error ? error.name : typeof error,
        });
      })
      .finally(() => {
        if (!stopped) timer = context.clock.setTimeout(tick, intervalMs);
      });
  };
  return {
    start() {
      if (Number.isFinite(intervalMs) && intervalMs > 0)
        timer = context.clock.setTimeout(tick, intervalMs);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) context.clock.clearTimeout(timer);
    },
  };
}

function resolveContext(
  options: WorkerOptions,
  handoff: PayloadHandoff | undefined,
  signal: AbortSignal,
): WorkerContext {
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
    handoff,
    signal,
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

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`\`${name}\` must be an integer of at least 1.`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!(value >= 0)) throw new ConfigurationError(`\`${name}\` must be zero or more milliseconds.`);
  return value;
}
