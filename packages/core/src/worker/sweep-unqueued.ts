import type { Adapter } from "../adapter.ts";
import { processJob } from "../queue/jobs.ts";

/** Options of {@link sweepUnqueued}. */
export interface SweepOptions {
  /** Only records unchanged for at least this long, in ms: younger ones are still on their way. */
  readonly olderThanMs: number;
  /** Current time, epoch ms. */
  readonly now: number;
  /** Records looked at per page. @default 500 */
  readonly pageSize?: number;
}

/**
 * Queues again every record still `queued` (accepted, not yet processed) that has not changed for
 * `olderThanMs`: a durable adapter whose intake is not one transaction can store a record and crash
 * before queueing it, and this closes that window without waiting for the sender to retry. A job
 * that is still queued or running is not added twice (queue contract), so a sweep never doubles work.
 * Resolves how many records it queued again.
 * @internal
 */
export async function sweepUnqueued(adapter: Adapter, options: SweepOptions): Promise<number> {
  let cursor: string | undefined;
  let requeued = 0;
  do {
    // Summaries: a backlog of large bodies must not be read every sweep.
    const page = await adapter.events.listSummaries({
      status: "queued",
      limit: options.pageSize ?? 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const record of page.records) {
      if (options.now - record.updatedAt < options.olderThanMs) continue;
      await adapter.queue.enqueue(processJob(record.id));
      requeued++;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return requeued;
}
