import type { JobOutcome } from "@hookwise/core";
import { deliveryRound } from "@hookwise/core";
import { sendJob, type FanoutJob } from "./outbound-jobs.ts";
import type { OutboxContext } from "./outbox-context.ts";

/**
 * Queue a `send` job for each pending delivery of a message. Safe to run again (after a crash, from
 * the sweep): a job already waiting, delayed or running is not added twice.
 */
export async function fanoutMessage(job: FanoutJob, context: OutboxContext): Promise<JobOutcome> {
  const record = await context.adapter.events.get(job.messageId);
  if (record === undefined) return { type: "ack" };
  for (const delivery of record.deliveries) {
    if (delivery.status === "pending")
      await context.adapter.queue.enqueue(sendJob(record.id, delivery.id, deliveryRound(delivery)));
  }
  return { type: "ack" };
}
