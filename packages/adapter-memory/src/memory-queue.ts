import {
  BackendUnavailableError,
  ClosedError,
  ConfigurationError,
  consoleLogger,
  systemClock,
  type Clock,
  type ConsumeOptions,
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

interface QueueState {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxQueuedJobs: number;
  readonly redeliveryDelayMs: number;
  /** Ready jobs in hand-out order (a `Map` keeps insertion order). */
  readonly waiting: Map<string, QueueJob>;
  readonly delayed: Map<string, TimerHandle>;
  consumer: { readonly handler: JobHandler; readonly concurrency: number } | undefined;
  active: number;
  pumpScheduled: boolean;
  closing: Promise<void> | undefined;
  drained: (() => void) | undefined;
}

/**
 * Create an in-process {@link Queue}: bounded, with delays on the injected clock. Not durable: jobs
 * still waiting when the process stops (or at `close()`) are lost.
 * @example
 * const queue = createMemoryQueue({ redeliveryDelayMs: 5_000 });
 * queue.consume(async (job) => ({ type: "ack" }), { concurrency: 4 });
 * @category Adapters
 */
export function createMemoryQueue(options: MemoryQueueOptions = {}): Queue {
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
    consumer: undefined,
    active: 0,
    pumpScheduled: false,
    closing: undefined,
    drained: undefined,
  };
  return {
    enqueue: (job, enqueueOptions) => promised(() => enqueue(state, job, enqueueOptions)),
    consume: (handler, consumeOptions) => consume(state, handler, consumeOptions),
    counts: () =>
      promised(() => {
        ensureOpen(state);
        return { waiting: state.waiting.size, delayed: state.delayed.size, active: state.active };
      }),
    close: () => close(state),
  };
}

function ensureOpen(state: QueueState): void {
  if (state.closing !== undefined) throw new ClosedError("The memory queue");
}

function enqueue(state: QueueState, job: QueueJob, options: EnqueueOptions | undefined): void {
  ensureOpen(state);
  const delayMs = options?.delayMs ?? 0;
  if (!Number.isFinite(delayMs))
    throw new ConfigurationError("`delayMs` must be a finite number of milliseconds.");
  if (state.waiting.has(job.id) || state.delayed.has(job.id)) return;
  if (state.waiting.size + state.delayed.size >= state.maxQueuedJobs) {
    throw new BackendUnavailableError(
      "The memory queue is full; the event was not accepted. Raise `maxQueuedJobs` or add consumers.",
    );
  }
  schedule(state, { ...job }, delayMs);
}

function consume(state: QueueState, handler: JobHandler, options: ConsumeOptions): void {
  ensureOpen(state);
  if (state.consumer !== undefined)
    throw new ConfigurationError("`consume` was already called: one consumer per queue.");
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new ConfigurationError("`concurrency` must be a positive integer.");
  }
  state.consumer = { handler, concurrency: options.concurrency };
  schedulePump(state);
}

/** Puts a job in `waiting` or arms its timer, unless the same id is already waiting or delayed. */
function schedule(state: QueueState, job: QueueJob, delayMs: number): void {
  if (state.closing !== undefined || state.waiting.has(job.id) || state.delayed.has(job.id)) return;
  if (delayMs <= 0) {
    state.waiting.set(job.id, job);
    schedulePump(state);
    return;
  }
  const dueAt = state.clock.now() + delayMs;
  const arm = (): void => {
    const timer = state.clock.setTimeout(
      () => {
        if (state.clock.now() < dueAt) return arm();
        state.delayed.delete(job.id);
        schedule(state, job, 0);
      },
      Math.min(dueAt - state.clock.now(), MAX_TIMER_MS),
    );
    state.delayed.set(job.id, timer);
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
      state.closing === undefined &&
      state.active < consumer.concurrency
    ) {
      const next = state.waiting.entries().next();
      if (next.done === true) return;
      state.waiting.delete(next.value[0]);
      run(state, consumer.handler, next.value[1]);
    }
  });
}

function run(state: QueueState, handler: JobHandler, job: QueueJob): void {
  state.active++;
  // `new Promise` turns a handler that throws before returning a promise into a rejection.
  new Promise<JobOutcome>((resolve) => resolve(handler(job)))
    .then(
      (outcome) => {
        // A handler that returned nothing is taken as done, as `ack` is the only other outcome.
        const decided = outcome as JobOutcome | undefined;
        if (decided?.type === "retry") schedule(state, job, retryDelay(state, decided.delayMs));
      },
      (error: unknown) => {
        state.logger.warn("Queue handler failed; the job will be handed out again.", {
          jobId: job.id,
          kind: job.kind,
          delayMs: state.redeliveryDelayMs,
          error: error instanceof Error ? error.name : typeof error,
        });
        schedule(state, job, state.redeliveryDelayMs);
      },
    )
    .finally(() => {
      state.active--;
      if (state.closing !== undefined && state.active === 0) state.drained?.();
      else schedulePump(state);
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
  state.closing =
    state.active === 0 ? Promise.resolve() : new Promise((resolve) => (state.drained = resolve));
  return state.closing;
}
