import { computeRetryDelayMs } from "../dispatch/retry-policy.ts";
import type { DeliveryRecord, EventRecord } from "../events/event-record.ts";
import type { JobOutcome } from "../queue/queue.ts";
import { planDeliveries } from "../route/router.ts";
import { runTransformers, TransformFailure } from "./run-transformers.ts";
import { deliverJob, settleEvent, type WorkerContext } from "./worker-context.ts";

const ACK: JobOutcome = Object.freeze({ type: "ack" });

/**
 * A "process" job: transform the event, plan its deliveries (fan-out) and queue one job per
 * pending delivery. Safe to run again after a crash: once deliveries are stored the transformers
 * never run again for that round, and stored ids are never added twice.
 * @internal
 */
export async function processEvent(eventId: string, context: WorkerContext): Promise<JobOutcome> {
  const event = await context.adapter.events.get(eventId);
  // Gone, never to be processed (conflict, ignored), or already finished: nothing to do.
  if (event === undefined || (event.status !== "queued" && event.status !== "processing"))
    return ACK;
  if (event.deliveries.length > 0) {
    await queueDeliveries(event, event.deliveries, context);
    return ACK;
  }
  const transformers = context.transformers.forEvent(event.source, event.type);
  let planned: DeliveryRecord[];
  try {
    const results = await runTransformers(event, transformers, context.sources.get(event.source));
    planned = planDeliveries(event.id, results);
  } catch (error) {
    if (!(error instanceof TransformFailure)) throw error;
    return transformFailed(event, error, context);
  }
  context.transformFailures.delete(eventId);
  if (planned.length === 0) {
    // No transformer for this type, or every transformer filtered the event out.
    await context.adapter.events.setStatus(event.id, "ignored", context.clock.now());
    context.lifecycle.emit("ignored", { source: event.source, eventId, type: event.type });
    return ACK;
  }
  const deliveries = await context.adapter.events.addDeliveries(event.id, planned);
  context.lifecycle.emit("transformed", { eventId, deliveries: deliveries.length });
  await queueDeliveries(event, deliveries, context);
  return ACK;
}

async function queueDeliveries(
  event: EventRecord,
  deliveries: readonly DeliveryRecord[],
  context: WorkerContext,
): Promise<void> {
  const pending = deliveries.filter((delivery) => delivery.status === "pending");
  if (pending.length === 0) {
    await settleEvent(event.id, deliveries, context);
    return;
  }
  // Status first: a delivery that finishes at once must not have its final status overwritten.
  if (event.status !== "processing") {
    await context.adapter.events.setStatus(event.id, "processing", context.clock.now());
  }
  for (const delivery of pending) {
    await context.adapter.queue.enqueue(deliverJob(event.id, delivery.id));
  }
}

async function transformFailed(
  event: EventRecord,
  failure: TransformFailure,
  context: WorkerContext,
): Promise<JobOutcome> {
  const attempts = (context.transformFailures.get(event.id) ?? 0) + 1;
  const fields = { eventId: event.id, code: failure.code, attempt: attempts };
  if (failure.retryable && attempts < context.policy.maxAttempts) {
    context.transformFailures.set(event.id, attempts);
    const delayMs = computeRetryDelayMs(context.policy, attempts, context.random);
    context.logger.warn(`${failure.message} Retrying.`, { ...fields, nextAttemptInMs: delayMs });
    return { type: "retry", delayMs };
  }
  context.transformFailures.delete(event.id);
  context.logger.error(
    `${failure.message} The event is dead-lettered; replay it once fixed.`,
    fields,
  );
  // `put` replaces the record: no delivery exists yet, so nothing else writes to it concurrently.
  await context.adapter.events.put({
    ...event,
    status: "dead_lettered",
    updatedAt: context.clock.now(),
    error: { code: failure.code, message: failure.message },
  });
  return ACK;
}
