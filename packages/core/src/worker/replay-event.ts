import { EventNotFoundError } from "../errors.ts";
import type { ReplayResult } from "./create-worker.ts";
import { deliverJob, processJob, type WorkerContext } from "./worker-context.ts";

/**
 * Gives a dead-lettered event another chance: each dead-lettered delivery goes back to pending and
 * is queued (its next attempt is number 1 of a new round); an event that failed before fan-out is
 * processed again. Deliveries that succeeded are not sent again.
 * @internal
 */
export async function replayEvent(eventId: string, context: WorkerContext): Promise<ReplayResult> {
  const { events, queue } = context.adapter;
  const event = await events.get(eventId);
  if (event === undefined) throw new EventNotFoundError();
  context.transformFailures.delete(eventId);

  if (event.deliveries.length === 0 && event.status === "dead_lettered") {
    // A fresh round: the recorded reason of the transform failure goes with it.
    const record = { ...event, status: "queued" as const, updatedAt: context.clock.now() };
    delete record.error;
    await events.put(record);
    await queue.enqueue(processJob(eventId));
    context.lifecycle.emit("replayed", { eventId, deliveries: 0 });
    return { eventId, deliveries: 0, reprocessed: true };
  }

  const dead = event.deliveries.filter((delivery) => delivery.status === "dead_lettered");
  if (dead.length === 0) return { eventId, deliveries: 0, reprocessed: false };
  for (const delivery of dead) {
    await events.recordAttempt(eventId, delivery.id, undefined, "pending");
  }
  // Status before enqueueing, so a delivery that finishes at once sets the final status last.
  await events.setStatus(eventId, "processing", context.clock.now());
  for (const delivery of dead) await queue.enqueue(deliverJob(eventId, delivery.id));
  context.lifecycle.emit("replayed", { eventId, deliveries: dead.length });
  return { eventId, deliveries: dead.length, reprocessed: false };
}
