import { nextAttemptNumber } from "../dispatch/dispatcher.ts";
import type { EventError, EventStatus } from "../events/event-record.ts";
import { jobField } from "../queue/jobs.ts";
import type { QueueJob } from "../queue/queue.ts";
import { announceDeadLetter } from "./deliver-event.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Statuses a give-up never overwrites: the run that threw may have finished its write first. */
const SETTLED: ReadonlySet<EventStatus> = new Set([
  "delivered",
  "dead_lettered",
  "ignored",
  "conflict",
]);

/**
 * Ends a job the worker will not run again: one that threw on its last allowed hand-out, or one
 * handed out more often than that without finishing (its worker died each time: a crash, an exit,
 * an endless loop). `reason` names what went wrong (an error's class name, never its message, which
 * may quote a payload).
 * - A deliver job dead-letters its delivery with a final attempt that says why, when the delivery is
 *   still pending: the event then settles as its other deliveries allow, and a replay starts that
 *   delivery again (a new round).
 * - A process job dead-letters its event, unless the event is settled already; a replay processes
 *   it again, or queues its deliveries still pending.
 * @internal
 */
export async function giveUpJob(
  job: QueueJob,
  reason: string,
  context: WorkerContext,
): Promise<void> {
  const eventId = jobField(job, "eventId");
  if (eventId === undefined) return;
  const deliveryId = jobField(job, "deliveryId");
  const error: EventError = {
    code: "PROCESSING_FAILED",
    message: `Processing failed on every attempt (${reason}); replay the event once fixed.`,
  };
  if (deliveryId === undefined) await deadLetterEvent(eventId, error, context);
  else await deadLetterDelivery(eventId, deliveryId, error, context);
}

async function deadLetterEvent(
  eventId: string,
  error: EventError,
  context: WorkerContext,
): Promise<void> {
  const event = await context.adapter.events.get(eventId);
  if (event === undefined || SETTLED.has(event.status)) return;
  await context.adapter.events.setStatus(eventId, "dead_lettered", context.clock.now(), error);
}

async function deadLetterDelivery(
  eventId: string,
  deliveryId: string,
  error: EventError,
  context: WorkerContext,
): Promise<void> {
  const found = await context.adapter.events.getDelivery(eventId, deliveryId);
  if (found?.delivery.status !== "pending") return;
  const { delivery } = found;
  const now = context.clock.now();
  const attempt = nextAttemptNumber(delivery);
  await context.adapter.events.recordAttempt(
    eventId,
    deliveryId,
    { attempt, startedAt: now, finishedAt: now, ok: false, error, final: true },
    "dead_lettered",
    { settleAt: now },
  );
  announceDeadLetter(eventId, delivery, attempt, error.code, error.message, context);
}
