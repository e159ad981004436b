import { deliveryRound } from "../dispatch/dispatcher.ts";
import { EventNotFoundError } from "../errors.ts";
import { deliverJob, processJob } from "../queue/jobs.ts";
import type { WorkerContext } from "./worker-context.ts";

/**
 * What {@link Worker.replay} did.
 * @category Dispatch
 */
export interface ReplayResult {
  readonly eventId: string;
  /**
   * Deliveries queued again: the dead-lettered ones, set back to pending (each starts a new round of
   * attempts), and those a dead-lettered event still had pending (its processing gave up after
   * planning them).
   */
  readonly deliveries: number;
  /** True when the event had failed in a transformer and was queued for processing again. */
  readonly reprocessed: boolean;
}

/**
 * Gives a dead-lettered event another chance: each dead-lettered delivery goes back to pending and
 * is queued (its next attempt is number 1 of a new round), and deliveries it still had pending are
 * queued again; an event that failed before fan-out is processed again. Deliveries that succeeded
 * are not sent again.
 * @internal
 */
export async function replayEvent(
  eventId: string,
  context: Pick<WorkerContext, "adapter" | "clock" | "lifecycle">,
): Promise<ReplayResult> {
  const { events, queue } = context.adapter;
  const event = await events.get(eventId);
  if (event === undefined) throw new EventNotFoundError();

  if (event.deliveries.length === 0 && event.status === "dead_lettered") {
    // A fresh round; setting the status without an error clears the transform failure's reason.
    await events.setStatus(eventId, "queued", context.clock.now());
    await queue.enqueue(processJob(eventId));
    context.lifecycle.emit("replayed", { eventId, deliveries: 0 });
    return { eventId, deliveries: 0, reprocessed: true };
  }

  const dead = event.deliveries.filter((delivery) => delivery.status === "dead_lettered");
  // Pending deliveries of a dead-lettered event lost their job: its processing gave up after it
  // stored them. They are queued again in the round they are in (a job still there is not doubled).
  const stranded =
    event.status === "dead_lettered"
      ? event.deliveries.filter((delivery) => delivery.status === "pending")
      : [];
  if (dead.length === 0 && stranded.length === 0)
    return { eventId, deliveries: 0, reprocessed: false };
  // Reset and status in one write (never a dead-lettered event with pending deliveries), and
  // before enqueueing, so a delivery that finishes at once sets the final status last. `queued`,
  // so that should this process stop before the jobs below are added, the sweep queues the event
  // again and its process job queues the pending deliveries.
  const status = { status: "queued", updatedAt: context.clock.now() } as const;
  if (dead.length > 0)
    await events.resetDeliveries(
      eventId,
      dead.map((delivery) => delivery.id),
      status,
    );
  else await events.setStatus(eventId, status.status, status.updatedAt);
  // Jobs of the new round: the job that dead-lettered a delivery may still be finishing.
  for (const delivery of [...dead, ...stranded])
    await queue.enqueue(deliverJob(eventId, delivery.id, deliveryRound(delivery)));
  const deliveries = dead.length + stranded.length;
  context.lifecycle.emit("replayed", { eventId, deliveries });
  return { eventId, deliveries, reprocessed: false };
}
