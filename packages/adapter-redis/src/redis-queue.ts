import {
  ClosedError,
  ConfigurationError,
  type ConsumeOptions,
  type Consumer,
  type EnqueueOptions,
  type JobHandler,
  type JobOutcome,
  type Logger,
  type Queue,
  type QueueCounts,
  type QueueJob,
} from "@hookwise/core";
import { DelayedError, Queue as BullQueue, Worker, type Job } from "bullmq";
import type { RedisConnections } from "./redis-connections.ts";
import { bullJobId, QUEUE_NAME, type RedisKeys } from "./redis-keys.ts";
import type { RedisStoreContext } from "./redis-store-context.ts";

/**
 * Default `redeliveryDelayMs` of `createRedisAdapter`.
 * @example
 * createRedisAdapter({ url, redeliveryDelayMs: DEFAULT_REDELIVERY_DELAY_MS * 5 });
 */
export const DEFAULT_REDELIVERY_DELAY_MS = 1_000;
/**
 * Default `lockDurationMs` of `createRedisAdapter` (BullMQ's `lockDuration`).
 * @example
 * createRedisAdapter({ url, lockDurationMs: DEFAULT_LOCK_DURATION_MS / 3 }); // faster takeover
 */
export const DEFAULT_LOCK_DURATION_MS = 30_000;
/**
 * Default `stalledIntervalMs` of `createRedisAdapter` (BullMQ's `stalledInterval`).
 * @example
 * createRedisAdapter({ url, stalledIntervalMs: DEFAULT_STALLED_INTERVAL_MS / 3 });
 */
export const DEFAULT_STALLED_INTERVAL_MS = 30_000;

/**
 * A job a dead worker held goes back to waiting however often it happens: core's retry policy (on the
 * `attempt` count, which BullMQ keeps across stalls) decides when an event gives up, not BullMQ.
 */
const MAX_STALLED_COUNT = 1_000_000;
/** Jobs that throw are retried by BullMQ with a fixed backoff; core's policy bounds the attempts. */
const MAX_BULL_ATTEMPTS = 2_147_483_647;

/** What the queue needs. @internal */
export interface RedisQueueOptions {
  readonly keys: RedisKeys;
  readonly connections: RedisConnections;
  readonly context: RedisStoreContext;
  readonly logger: Logger;
  readonly redeliveryDelayMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

/** The queue with the parts the adapter uses. @internal */
export interface RedisQueueParts {
  readonly queue: Queue;
  readonly bull: BullQueue;
  /** `enqueue` without the closed check or error mapping (the intake's own retry loop does that). */
  add(job: QueueJob, delayMs?: number): Promise<void>;
  /** Drop the worker's and the producer's connections at once, without finishing running jobs. */
  kill(): Promise<void>;
}

/**
 * The BullMQ {@link Queue}: one BullMQ queue, `jobs`, under the prefix `{prefix}`. Job ids are core's
 * (made BullMQ-safe by `bullJobId`), so BullMQ drops a second copy of a job that is waiting, delayed
 * or running, and finished jobs are removed at once so the same id can be queued again later.
 * @internal
 */
export function createRedisQueue(options: RedisQueueOptions): RedisQueueParts {
  const { keys, connections, context, logger } = options;
  const bull = new BullQueue(QUEUE_NAME, {
    connection: connections.commands,
    prefix: keys.tag,
    defaultJobOptions: {
      removeOnComplete: true,
      removeOnFail: true,
      attempts: MAX_BULL_ATTEMPTS,
      backoff: { type: "fixed", delay: options.redeliveryDelayMs },
    },
  });
  bull.on("error", (error) => logBullError(logger, "queue", error));
  let worker: StartedWorker | undefined;
  let closing: Promise<void> | undefined;
  const add = async (job: QueueJob, delayMs = 0): Promise<void> => {
    await bull.add(
      job.kind,
      { ...job },
      {
        jobId: bullJobId(job.id),
        ...(delayMs > 0 && { delay: Math.ceil(delayMs) }),
      },
    );
  };
  const ensureOpen = (): void => {
    if (closing !== undefined || context.closed) throw new ClosedError("The Redis queue");
  };
  const queue: Queue = {
    async enqueue(job, enqueueOptions?: EnqueueOptions) {
      ensureOpen();
      const delayMs = enqueueOptions?.delayMs ?? 0;
      if (!Number.isFinite(delayMs))
        throw new ConfigurationError("`delayMs` must be a finite number of milliseconds.");
      await context.call(() => add(job, delayMs));
    },
    consume(handler, consumeOptions) {
      ensureOpen();
      if (worker !== undefined)
        throw new ConfigurationError("`consume` was already called: one consumer per queue.");
      const started = startWorker(options, handler, consumeOptions);
      worker = started;
      let closed: Promise<boolean> | undefined;
      const consumer: Consumer = {
        close: () =>
          (closed ??= closeWorker(started, connections, logger).then((graceful) => {
            if (worker === started) worker = undefined;
            return graceful;
          })),
      };
      return consumer;
    },
    async counts(): Promise<QueueCounts> {
      ensureOpen();
      const counts = await context.call(() =>
        bull.getJobCounts("wait", "prioritized", "delayed", "active"),
      );
      const n = (state: string): number => counts[state] ?? 0;
      return { waiting: n("wait") + n("prioritized"), delayed: n("delayed"), active: n("active") };
    },
    close: () =>
      (closing ??= (async () => {
        if (worker !== undefined) await closeWorker(worker, connections, logger);
        // BullMQ's close waits for Redis; while Redis is away, the connection is dropped instead.
        if (!(await settlesWithin(bull.close(), CLOSE_GRACE_MS))) await bull.disconnect();
      })()),
  };
  return {
    queue,
    bull,
    add,
    async kill() {
      closing ??= Promise.resolve();
      await worker?.bull.close(true);
      await bull.disconnect();
    },
  };
}

/** A BullMQ worker with the count of this process's handlers it is running. */
interface StartedWorker {
  readonly bull: Worker;
  /** Resolves once none of its handlers is running. */
  idle(): Promise<void>;
}

function startWorker(
  options: RedisQueueOptions,
  handler: JobHandler,
  consumeOptions: ConsumeOptions,
): StartedWorker {
  const { concurrency } = consumeOptions;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError("`concurrency` must be a positive integer.");
  }
  // The handlers alone are counted, not BullMQ's writes after them, which wait for Redis.
  let active = 0;
  const waiting: (() => void)[] = [];
  const tracked: JobHandler = async (job, context) => {
    active++;
    try {
      return await handler(job, context);
    } finally {
      if (--active === 0) for (const resolve of waiting.splice(0)) resolve();
    }
  };
  const worker = new Worker(
    QUEUE_NAME,
    (job: Job, token?: string) => runJob(options, tracked, job, token),
    {
      connection: options.connections.workerTemplate(),
      prefix: options.keys.tag,
      concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: MAX_STALLED_COUNT,
    },
  );
  worker.on("error", (error) => logBullError(options.logger, "worker", error));
  return {
    bull: worker,
    idle: () =>
      active === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)),
  };
}

/**
 * One hand-out: `attempt` is BullMQ's `attemptsStarted` (it counts every move to active, so retries,
 * redeliveries after a throw and recoveries after a crash all count), `stalls` its `stalledCounter`
 * (the recoveries alone). `retry` moves the job to
 * delayed and tells BullMQ so with `DelayedError`; a throw is BullMQ's failed-with-retry, which comes
 * back after `redeliveryDelayMs`.
 */
async function runJob(
  options: RedisQueueOptions,
  handler: JobHandler,
  job: Job,
  token: string | undefined,
): Promise<void> {
  const data = job.data as QueueJob;
  let outcome: JobOutcome | undefined;
  try {
    outcome = await handler(data, {
      attempt: Math.max(1, job.attemptsStarted),
      stalls: job.stalledCounter,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    options.logger.warn("Queue handler failed; the job will be handed out again.", {
      jobId: data.id,
      kind: data.kind,
      delayMs: options.redeliveryDelayMs,
      error: name,
    });
    // BullMQ keeps a failure's message in Redis; the handler's own may quote a payload.
    throw new Error(`The job handler failed (${name}).`);
  }
  // A handler that returned nothing is taken as done, as `ack` is the only other outcome.
  if (outcome?.type !== "retry") return;
  const delayMs =
    Number.isFinite(outcome.delayMs) && outcome.delayMs >= 0
      ? outcome.delayMs
      : options.redeliveryDelayMs;
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

function logBullError(logger: Logger, where: string, error: unknown): void {
  logger.warn(`BullMQ ${where} error; it retries by itself`, {
    adapter: "redis",
    error: error instanceof Error ? error.name : typeof error,
  });
}

/**
 * How long closing waits for BullMQ once this process's handlers are done: its last writes (the
 * finished jobs, the blocking connection's end) take milliseconds while Redis answers, and forever
 * while it does not.
 */
const CLOSE_GRACE_MS = 2_000;

/**
 * Closes a BullMQ worker: it stops taking jobs and waits for the handlers running (bounded by
 * core's attempt timeouts and drain abort), then for BullMQ's own last writes. While Redis is away
 * those never finish, so past {@link CLOSE_GRACE_MS} its connections are dropped under it: the jobs
 * it held stay in Redis and are recovered as stalled by another worker. Resolves `false` when it
 * had to drop them.
 */
async function closeWorker(
  worker: StartedWorker,
  connections: RedisConnections,
  logger: Logger,
): Promise<boolean> {
  const graceful = worker.bull.close();
  graceful.catch(() => undefined);
  await worker.idle();
  if (await settlesWithin(graceful, CLOSE_GRACE_MS)) return true;
  logger.warn("Redis did not answer while the worker closed; its connections are dropped", {
    adapter: "redis",
  });
  // BullMQ's close is still waiting (a second, forced close returns the same promise), so the
  // clients are dropped under it: the worker's own (our template) and its blocking duplicate.
  connections.disconnectWorkers();
  const internals = worker.bull as unknown as {
    readonly backend?: {
      readonly blockingConnection?: { readonly client?: Promise<{ disconnect(): void }> };
    };
  };
  await internals.backend?.blockingConnection?.client?.then(
    (client) => client.disconnect(),
    () => undefined,
  );
  return false;
}

/** Whether `promise` settles (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
