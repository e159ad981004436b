/** What is queued: "process this event" (transform and fan out) or "deliver this delivery". */
export type QueueJob =
  | { readonly kind: "process"; readonly id: string; readonly eventId: string }
  | {
      readonly kind: "deliver";
      readonly id: string;
      readonly eventId: string;
      readonly deliveryId: string;
    };

/** Options of {@link Queue.enqueue}. */
export interface EnqueueOptions {
  /** Do not hand the job out before this many milliseconds. */
  readonly delayMs?: number;
}

/** What the handler decided: done, or run again after a delay. */
export type JobOutcome =
  { readonly type: "ack" } | { readonly type: "retry"; readonly delayMs: number };

/** Processes one job. A throw (or rejection) is treated as `retry` after the queue's redelivery delay. */
export type JobHandler = (job: QueueJob) => Promise<JobOutcome>;

/** Options of {@link Queue.consume}. */
export interface ConsumeOptions {
  /** At most this many handlers run at once. */
  readonly concurrency: number;
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
 * - `enqueue` resolves only once the job is stored. A job whose id is already waiting or delayed is
 *   not added twice.
 * - No job is handed out before its delay; at most `concurrency` handlers run at once.
 * - `retry` (or a throw) hands the job out again after the delay; `ack` removes it.
 * - `close()` stops handing out jobs, waits for running handlers to finish, then resolves; it is
 *   idempotent. Jobs still waiting stay stored where the queue is durable.
 * - With `capabilities.durable`, a job held by a consumer that died without acking is handed out again.
 * - Backend failures reject with `BackendUnavailableError`; calls after `close()` reject with `ClosedError`.
 * @category Adapters
 */
export interface Queue {
  /** Store a job for later handling. */
  enqueue(job: QueueJob, options?: EnqueueOptions): Promise<void>;
  /** Start handing jobs to `handler`. One consumer per queue instance. */
  consume(handler: JobHandler, options: ConsumeOptions): void;
  /** Jobs by state. */
  counts(): Promise<QueueCounts>;
  /** Stop consuming, wait for running handlers, release resources. */
  close(): Promise<void>;
}
