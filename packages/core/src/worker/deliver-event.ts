import {
  attemptDelivery,
  nextAttemptNumber,
  type AttemptDeliveryResult,
} from "../dispatch/dispatcher.ts";
import type { DeliveryRecord, DeliveryStatus, EventRecord } from "../events/event-record.ts";
import type { EventSummary } from "../events/event-store.ts";
import type { JobOutcome } from "../queue/queue.ts";
import type { WorkerContext } from "./worker-context.ts";

const ACK: JobOutcome = Object.freeze({ type: "ack" });

/**
 * A "deliver" job: one attempt at one delivery, recorded, announced, and retried through the queue
 * (so a durable queue keeps the retry across restarts). It reads that one delivery, never the body
 * or the other deliveries. Deliveries that are no longer pending are skipped, which makes a second
 * copy of the job harmless.
 * @internal
 */
export async function deliverEvent(
  eventId: string,
  deliveryId: string,
  context: WorkerContext,
): Promise<JobOutcome> {
  const found = await context.adapter.events.getDelivery(eventId, deliveryId);
  if (found?.delivery.status !== "pending") return ACK;
  const { event, delivery } = found;

  const result = await announcedAttempt(event, delivery, context);
  const status = statusAfter(result);
  // A finished delivery settles its event in the same write when it was the last one pending.
  await context.adapter.events.recordAttempt(
    eventId,
    deliveryId,
    result.attempt,
    status,
    status === undefined ? undefined : { settleAt: context.clock.now() },
  );
  announce(eventId, delivery, result, context);
  return result.outcome.type === "retry" ? result.outcome : ACK;
}

/**
 * The first attempt at an event's only delivery, made by the "process" job that just planned it,
 * before the delivery is stored: the plan and the attempt are then stored in one write, which makes
 * the event `processing` (a retry follows) or settles it. That saves a write per event on a durable
 * store. A crash during the attempt, or a failed write, leaves the event `queued` with no delivery,
 * so the re-run job plans again, stores the plan first and queues the delivery: at least once, as
 * for any attempt cut short.
 * @internal
 */
export async function deliverFirstAttempt(
  event: EventRecord,
  planned: DeliveryRecord,
  context: WorkerContext,
): Promise<JobOutcome> {
  const result = await announcedAttempt(event, planned, context);
  const status = statusAfter(result);
  const attempted = { ...planned, status: status ?? "pending", attempts: [result.attempt] };
  const now = context.clock.now();
  await context.adapter.events.addDeliveries(event.id, [attempted], {
    processingAt: now,
    settleAt: now,
  });
  announce(event.id, planned, result, context);
  return result.outcome.type === "retry" ? result.outcome : ACK;
}

/** One attempt, announced by `delivery.attempt` before it starts. */
async function announcedAttempt(
  event: EventSummary,
  delivery: DeliveryRecord,
  context: WorkerContext,
): Promise<AttemptDeliveryResult> {
  context.lifecycle.emit("delivery.attempt", {
    eventId: event.id,
    deliveryId: delivery.id,
    destination: delivery.destination,
    attempt: nextAttemptNumber(delivery),
  });
  return attempt(event, delivery, context);
}

async function attempt(
  event: EventSummary,
  delivery: DeliveryRecord,
  context: WorkerContext,
): Promise<AttemptDeliveryResult> {
  const target = context.destinations.get(delivery.destination);
  if (target === undefined) {
    // Planned by an earlier configuration that had this destination: stop, and let a replay retry it.
    const now = context.clock.now();
    const message = `No destination named "${delivery.destination}" is configured; add it and replay the event.`;
    return {
      attempt: {
        attempt: nextAttemptNumber(delivery),
        startedAt: now,
        finishedAt: now,
        ok: false,
        error: { code: "DESTINATION_NOT_FOUND", message },
        final: true,
      },
      outcome: { type: "dead_lettered" },
    };
  }
  return attemptDelivery({
    event,
    delivery,
    destination: target.destination,
    policy: target.policy,
    clock: context.clock,
    random: context.random,
    signal: context.signal,
  });
}

function statusAfter(result: AttemptDeliveryResult): DeliveryStatus | undefined {
  if (result.outcome.type === "succeeded") return "succeeded";
  if (result.outcome.type === "dead_lettered") return "dead_lettered";
  return undefined;
}

function announce(
  eventId: string,
  delivery: DeliveryRecord,
  result: AttemptDeliveryResult,
  context: WorkerContext,
): void {
  const { attempt, outcome } = result;
  const base = {
    eventId,
    deliveryId: delivery.id,
    destination: delivery.destination,
    attempt: attempt.attempt,
  };
  const status =
    attempt.responseStatus === undefined ? {} : { responseStatus: attempt.responseStatus };
  if (outcome.type === "succeeded") {
    context.lifecycle.emit("delivery.succeeded", { ...base, ...status });
    return;
  }
  const failed = { ...base, ...status, code: attempt.error?.code ?? "DELIVERY_FAILED" };
  const error = attempt.error?.message;
  if (outcome.type === "retry") {
    context.lifecycle.emit("delivery.failed", {
      ...failed,
      willRetry: true,
      nextAttemptInMs: outcome.delayMs,
    });
    context.logger.warn("Delivery attempt failed; it will be retried", {
      ...base,
      ...status,
      code: failed.code,
      error,
      nextAttemptInMs: outcome.delayMs,
      nextAttemptAt: new Date(context.clock.now() + outcome.delayMs).toISOString(),
    });
    return;
  }
  context.lifecycle.emit("delivery.failed", { ...failed, willRetry: false });
  announceDeadLetter(eventId, delivery, attempt.attempt, failed.code, error, context);
}

/** Tells listeners and the log that a delivery was dead-lettered. @internal */
export function announceDeadLetter(
  eventId: string,
  delivery: DeliveryRecord,
  attempts: number,
  code: string,
  error: string | undefined,
  context: WorkerContext,
): void {
  const { id: deliveryId, destination } = delivery;
  context.lifecycle.emit("dead-lettered", { eventId, deliveryId, destination, attempts });
  context.logger.warn("Delivery dead-lettered; replay the event once the destination is fixed", {
    eventId,
    deliveryId,
    destination,
    attempt: attempts,
    code,
    error,
  });
}
