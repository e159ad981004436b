import {
  BackendUnavailableError,
  ClosedError,
  ConfigurationError,
  consoleLogger,
  systemClock,
  type Clock,
  type ConsumeOptions,
  type Consumer,
  type ConsumerCloseOptions,
  type EnqueueOptions,
  type JobHandler,
  type JobOutcome,
  type Logger,
  type Queue,
  type QueueJob,
  type TimerHandle,
} from "@hookwise/core";
import { durationMs, positiveLimit, promised } from "./validate-option.ts";

/** Default {@link MemoryQueueOptions.maxQueuedJobs}. */
export const DEFAULT_MAX_QUEUED_JOBS = 100_000;
/** Default {@link MemoryQueueOptions.redeliveryDelayMs}. */
export const DEFAULT_REDELIVERY_DELAY_MS = 1_000;

/** Longest delay one timer can hold (2^31 - 1 ms); longer delays re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Options of {@link createMemoryQueue}.
 * @category Adapters
 */
export interface MemoryQueueOptions {
  /**
   * Time source for delays. The default's timers are `unref`'d, so the queue never keeps a process alive.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Where failing handlers are reported (job id and kind only, never a payload).
   * @default consoleLogger
   */
  readonly logger?: Logger;
  /**
   * Most jobs waiting or delayed at once; beyond it `enqueue` rejects with `BackendUnavailableError`,
   * so the ingestor answers 503 and the sender retries later. A positive integer or `Infinity`.
   * @default 100_000 ({@link DEFAULT_MAX_QUEUED_JOBS})
   */
  readonly maxQueuedJobs?: number;
  /**
   * Delay before a job whose handler threw is handed out again, in milliseconds.
   * @default 1_000 ({@link DEFAULT_REDELIVERY_DELAY_MS})
   */
  readonly redeliveryDelayMs?: number;
}

interface QueuedJob {
  readonly job: QueueJob;
  /** Times handed out so far. */
  readonly attempts: number;
}

interface ConsumerState {
  readonly handler: JobHandler;
  readonly concurrency: number;
  /** Set while {@link Consumer.close} drains: called whenever a handler finishes. */
  onIdle: (() => void) | undefined;
  stopped: boolean;
}

/** The queue's state; the adapter's intake enqueues on it directly to stay synchronous. @internal */
export interface QueueState {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxQueuedJobs: number;
  readonly redeliveryDelayMs: number;
  /** Ready jobs in hand-out order (a `Map` keeps insertion order). */
  readonly waiting: Map<string, QueuedJob>;
  readonly delayed: Map<string, TimerHandle>;
  /** Ids of jobs a handler is running now. */
  readonly running: Set<string>;
  consumer: ConsumerState | undefined;
  pumpScheduled: boolean;
  closing: Promise<void> | undefined;
  /** Resolvers waiting for the running handlers to finish. */
  readonly idleWaiters: (() => void)[];
}

/** A memory queue together with its state. @internal */
export interface MemoryQueueParts {
  readonly queue: Queue;
  readonly state: QueueState;
}

/**
 * Create an in-process {@link Queue}: bounded, with delays on the injected clock. Not durable: jobs
 * still waiting when the process stops (or at `close()`) are lost.
 * @example
 * const queue = createMemoryQueue({ redeliveryDelayMs: 5_000 });
 * const consumer = queue.consume(async (job) => ({ type: "ack" }), { concurrency: 4 });
 * // on shutdown: run what is ready for up to 10 s, then stop
 * await consumer.close({ drainTimeoutMs: 10_000 });
 * @category Adapters
 */
export function createMemoryQueue(options: MemoryQueueOptions = {}): Queue {
  return createMemoryQueueParts(options).queue;
}

/** {@link createMemoryQueue}, with the state exposed to the adapter. @internal */
export function createMemoryQueueParts(options: MemoryQueueOptions = {}): MemoryQueueParts {
  const state: QueueState = {
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger,
    maxQueuedJobs: positiveLimit("maxQueuedJobs", options.maxQueuedJobs ?? DEFAULT_MAX_QUEUED_JOBS),
    redeliveryDelayMs: durationMs(
      "redeliveryDelayMs",
      options.redeliveryDelayMs ?? DEFAULT_REDELIVERY_DELAY_MS,
      0,
    ),
    waiting: new Map(),
    delayed: new Map(),
    running: new Set(),
    consumer: undefined,
    pumpScheduled: false,
    closing: undefined,
    idleWaiters: [],
  };
  const queue: Queue = {
    enqueue: (job, enqueueOptions) =>
      promised(() => {
        enqueueJob(state, job, enqueueOptions);
      }),
    consume: (handler, consumeOptions) => consume(state, handler, consumeOptions),
    counts: () =>
      promised(() => {
        ensureOpen(state);
        return {
          waiting: state.waiting.size,
          delayed: state.delayed.size,
          active: state.running.size,
        };
      }),
    close: () => close(state),
  };
  return { queue, state };
}

function ensureOpen(state: QueueState): void {
  if (state.closing !== undefined) throw new ClosedError("The memory queue");
}

/**
 * {@link Queue.enqueue}, synchronously; resolves whether the job was added (an id already queued or
 * running is not). @internal
 */
export function enqueueJob(
  state: QueueState,
  job: QueueJob,
  options: EnqueueOptions | undefined,
): boolean {
  ensureOpen(state);
  const delayMs = options?.delayMs ?? 0;
  if (!Number.isFinite(delayMs))
    throw new ConfigurationError("`delayMs` must be a finite number of milliseconds.");
  if (isQueued(state, job.id)) return false;
  if (state.waiting.size + state.delayed.size >= state.maxQueuedJobs) {
    throw new BackendUnavailableError(
      "The memory queue is full; the event was not accepted. Raise `maxQueuedJobs` or add consumers.",
    );
  }
  schedule(state, { job: { ...job }, attempts: 0 }, delayMs);
  return true;
}

function isQueued(state: QueueState, id: string): boolean {
  return state.waiting.has(id) || state.delayed.has(id) || state.running.has(id);
}

function consume(state: QueueState, handler: JobHandler, options: ConsumeOptions): Consumer {
  ensureOpen(state);
  if (state.consumer !== undefined)
    throw new ConfigurationError("`consume` was already called: one consumer per queue.");
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new ConfigurationError("`concurrency` must be a positive integer.");
  }
  const consumer: ConsumerState = {
    handler,
    concurrency: options.concurrency,
    onIdle: undefined,
    stopped: false,
  };
  state.consumer = consumer;
  schedulePump(state);
  let closing: Promise<boolean> | undefined;
  return {
    close: (closeOptions) => (closing ??= closeConsumer(state, consumer, closeOptions)),
  };
}

/** Drains what is ready (up to the deadline), then stops handing out and waits for running handlers. */
async function closeConsumer(
  state: QueueState,
  consumer: ConsumerState,
  options: ConsumerCloseOptions | undefined,
): Promise<boolean> {
  const drainTimeoutMs = options?.drainTimeoutMs ?? 0;
  const drained = drainTimeoutMs > 0 ? await drain(state, consumer, drainTimeoutMs) : true;
  consumer.stopped = true;
  await idle(state);
  // The queue may take a new consumer (a worker started again in this process).
  if (state.consumer === consumer) state.consumer = undefined;
  return drained && state.waiting.size === 0;
}

/** Resolves `true` once nothing is ready or running, `false` at the deadline (wall-clock time). */
function drain(state: QueueState, consumer: ConsumerState, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (result: boolean): void => {
      clearTimeout(timer);
      consumer.onIdle = undefined;
      resolve(result);
    };
    const check = (): void => {
      if (state.closing !== undefined || (state.waiting.size === 0 && state.running.size === 0))
        done(true);
    };
    // Shutdown deadlines are real time, whatever clock the queue runs on.
    const timer = setTimeout(() => done(false), Math.min(timeoutMs, MAX_TIMER_MS));
    consumer.onIdle = check;
    check();
  });
}

function idle(state: QueueState): Promise<void> {
  if (state.running.size === 0) return Promise.resolve();
  return new Promise((resolve) => state.idleWaiters.push(resolve));
}

/** Puts a job in `waiting` or arms its timer, unless the same id is already waiting or delayed. */
function schedule(state: QueueState, queued: QueuedJob, delayMs: number): void {
  const { id } = queued.job;
  if (state.closing !== undefined || state.waiting.has(id) || state.delayed.has(id)) return;
  if (delayMs <= 0) {
    state.waiting.set(id, queued);
    schedulePump(state);
    return;
  }
  const dueAt = state.clock.now() + delayMs;
  const arm = (): void => {
    const timer = state.clock.setTimeout(
      () => {
        if (state.clock.now() < dueAt) return arm();
        state.delayed.delete(id);
        schedule(state, queued, 0);
      },
      Math.min(dueAt - state.clock.now(), MAX_TIMER_MS),
    );
    state.delayed.set(id, timer);
  };
  arm();
}

/** Hands jobs out on a microtask, so `enqueue` resolves before its job's handler starts. */
function schedulePump(state: QueueState): void {
  if (state.pumpScheduled) return;
  state.pumpScheduled = true;
  queueMicrotask(() => {
    state.pumpScheduled = false;
    const consumer = state.consumer;
    while (
      consumer !== undefined &&
      !consumer.stopped &&
      state.closing === undefined &&
      state.running.size < consumer.concurrency
    ) {
      const next = state.waiting.values().next();
      if (next.done === true) return;
      state.waiting.delete(next.value.job.id);
      run(state, consumer, next.value);
    }
  });
}

function run(state: QueueState, consumer: ConsumerState, queued: QueuedJob): void {
  const { job } = queued;
  const handedOut: QueuedJob = { job, attempts: queued.attempts + 1 };
  state.running.add(job.id);
  // `new Promise` turns a handler that throws before returning a promise into a rejection.
  new Promise<JobOutcome>((resolve) =>
    resolve(consumer.handler(job, { attempt: handedOut.attempts, stalls: 0 })),
  )
    .then(
      (outcome) => {
        // A handler that returned nothing is taken as done, as `ack` is the only other outcome.
        const decided = outcome as JobOutcome | undefined;
        state.running.delete(job.id);
        if (decided?.type === "retry")
          schedule(state, handedOut, retryDelay(state, decided.delayMs));
      },
      (error: unknown) => {
        state.running.delete(job.id);
        state.logger.warn("Queue handler failed; the job will be handed out again.", {
          jobId: job.id,
          kind: job.kind,
          delayMs: state.redeliveryDelayMs,
          error: error instanceof Error ? error.name : typeof error,
        });
        schedule(state, handedOut, state.redeliveryDelayMs);
      },
    )
    .finally(() => {
      state.running.delete(job.id);
      if (state.running.size === 0) {
        for (const resolve of state.idleWaiters.splice(0)) resolve();
      }
      consumer.onIdle?.();
      schedulePump(state);
    })
    .catch(() => undefined);
}

function retryDelay(state: QueueState, delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs >= 0 ? delayMs : state.redeliveryDelayMs;
}

function close(state: QueueState): Promise<void> {
  if (state.closing !== undefined) return state.closing;
  for (const timer of state.delayed.values()) state.clock.clearTimeout(timer);
  const dropped = state.waiting.size + state.delayed.size;
  if (dropped > 0)
    state.logger.warn("Closing the memory queue dropped jobs that had not run.", { dropped });
  state.waiting.clear();
  state.delayed.clear();
  if (state.consumer !== undefined) state.consumer.stopped = true;
  state.closing = idle(state);
  state.consumer?.onIdle?.();
  return state.closing;
}
