/**
 * A unit of work. `kind` picks the handler, `id` makes enqueueing idempotent, and the other fields
 * are strings the handler needs. Adapters store jobs as opaque JSON; core builds them only through
 * `queue/jobs.ts`, so every side agrees on kinds and ids.
 * @category Adapters
 */
export interface QueueJob {
  /** Which handler runs the job (`process`, `deliver`, …). */
  readonly kind: string;
  /** Unique per piece of work: a job whose id is already queued or running is not added twice. */
  readonly id: string;
  readonly [field: string]: string;
}

/** Options of {@link Queue.enqueue}. */
export interface EnqueueOptions {
  /** Do not hand the job out before this many milliseconds. */
  readonly delayMs?: number;
}

/** What the handler decided: done, or run again after a delay. */
export type JobOutcome =
  { readonly type: "ack" } | { readonly type: "retry"; readonly delayMs: number };

/** What the queue tells a handler about the job it hands out. */
export interface JobContext {
  /**
   * How many times this job has been handed out, this time included (1 the first time). The queue
   * keeps the count across `retry` outcomes and redeliveries after a throw; a durable queue keeps it
   * across crashes, so a retry budget counted on it survives a restart.
   */
  readonly attempt: number;
  /**
   * How many of those hand-outs ended with the worker gone while it ran the job (a crash, a kill,
   * an out-of-memory exit), as a durable queue's stalled-job recovery counted them; `0` from a queue
   * that lives and dies with its process. A handler bounds crash loops with it even where hand-outs
   * that chose to wait (`retry` without an attempt) are many.
   */
  readonly stalls?: number;
}

/** Processes one job. A throw (or rejection) is treated as `retry` after the queue's redelivery delay. */
export type JobHandler = (job: QueueJob, context: JobContext) => Promise<JobOutcome>;

/** Options of {@link Queue.consume}. */
export interface ConsumeOptions {
  /** At most this many handlers run at once. */
  readonly concurrency: number;
}

/** Options of {@link Consumer.close}. */
export interface ConsumerCloseOptions {
  /**
   * A queue that is not durable loses what is still waiting when its process stops, so it first keeps
   * handing out ready jobs, for at most this many milliseconds, until none is ready or running.
   * A durable queue ignores it: waiting jobs stay stored for the next consumer. Delayed jobs are
   * never waited for.
   * @default 0
   */
  readonly drainTimeoutMs?: number;
}

/** One consumer of a queue: this process's share of the work. */
export interface Consumer {
  /**
   * Stop taking jobs and wait for the handlers this consumer is running; other processes' consumers
   * and the producer side are untouched. Resolves `true` when the drain (if any) finished in time.
   * Idempotent.
   */
  close(options?: ConsumerCloseOptions): Promise<boolean>;
}

/** Jobs by state, for status pages and tests. */
export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
}

/**
 * Work queue between the ingest side (which enqueues before answering 202) and the worker.
 *
 * Contract (checked by `testQueue` in `@hookwise/core/testing`):
 * - `enqueue` resolves only once the job is stored. A job whose id is already waiting, delayed or
 *   running is not added twice.
 * - No job is handed out before its delay; at most `concurrency` handlers of one consumer run at once.
 * - `retry` (or a throw) hands the job out again after the delay, with `attempt` one higher; `ack`
 *   removes it.
 * - `consume` returns a {@link Consumer}; closing it stops that consumer only. `close()` closes the
 *   queue: its consumer (waiting for running handlers) and the producer side; it is idempotent.
 *   Jobs still waiting stay stored where the queue is durable.
 * - With `capabilities.durable`, a job held by a consumer that died without acking is handed out again.
 * - Backend failures reject with `BackendUnavailableError`; calls after `close()` reject with `ClosedError`.
 * @category Adapters
 */
export interface Queue {
  /** Store a job for later handling. */
  enqueue(job: QueueJob, options?: EnqueueOptions): Promise<void>;
  /** Start handing jobs to `handler`. One consumer per queue instance. */
  consume(handler: JobHandler, options: ConsumeOptions): Consumer;
  /** Jobs by state. */
  counts(): Promise<QueueCounts>;
  /** Close the consumer (waiting for running handlers) and the producer; release resources. */
  close(): Promise<void>;
}
