import { deliveryRound } from "../dispatch/dispatcher.ts";
import { computeRetryDelayMs } from "../dispatch/retry-policy.ts";
import type { DeliveryRecord, EventRecord } from "../events/event-record.ts";
import type { DeliveryState } from "../events/event-store.ts";
import { deliverJob } from "../queue/jobs.ts";
import type { JobOutcome } from "../queue/queue.ts";
import { planDeliveries } from "../route/router.ts";
import { deliverFirstAttempt } from "./deliver-event.ts";
import { readTransformInput, runTransformers, TransformFailure } from "./run-transformers.ts";
import { settleEvent, type WorkerContext } from "./worker-context.ts";

const ACK: JobOutcome = Object.freeze({ type: "ack" });

/**
 * A "process" job: transform the event, plan its deliveries (fan-out) and queue one job per
 * pending delivery (a single delivery makes its first attempt right here, stored with the plan).
 * Safe to run again after a crash: once deliveries are stored the transformers never run again for
 * that round, and stored ids are never added twice. `attempt` is the queue's count of hand-outs, so
 * the transform retry budget survives restarts.
 * @internal
 */
export async function processEvent(
  eventId: string,
  attempt: number,
  context: WorkerContext,
): Promise<JobOutcome> {
  // One read that also makes a `queued` event `processing`: status queries show a worker has it.
  const event = await context.adapter.events.getForProcessing(eventId, context.clock.now());
  // Gone, never to be processed (conflict, ignored), or already finished: nothing to do.
  if (event === undefined || event.status !== "processing") return ACK;
  if (event.deliveries.length > 0) {
    await queueDeliveries(event, event.deliveries, event.deliveries, context);
    return ACK;
  }
  const transformers = context.transformers.forEvent(event.source, event.type);
  let planned: DeliveryRecord[];
  try {
    const input = await readTransformInput(
      event,
      context.sources.get(event.source),
      context.handoff,
    );
    planned = planDeliveries(event.id, await runTransformers(input, transformers));
  } catch (error) {
    if (!(error instanceof TransformFailure)) throw error;
    return transformFailed(event, error, attempt, context);
  }
  if (planned.length === 0) {
    // No transformer for this type, or every transformer filtered the event out.
    await context.adapter.events.setStatus(event.id, "ignored", context.clock.now());
    context.lifecycle.emit("ignored", { source: event.source, eventId, type: event.type });
    return ACK;
  }
  const [only] = planned;
  if (planned.length === 1 && only !== undefined && attempt === 1) {
    // One delivery: its first attempt runs here and is stored with the plan, saving a queue hop and
    // a write per event. A retry goes through the queue as usual. Only on the job's first hand-out:
    // a re-run (the write failed, or the process died) stores the plan first, so an output the store
    // cannot take, or a crash, costs at most one attempt that is not on record.
    context.lifecycle.emit("transformed", { eventId, deliveries: 1 });
    const outcome = await deliverFirstAttempt(event, only, context);
    if (outcome.type === "retry") {
      await context.adapter.queue.enqueue(deliverJob(event.id, only.id, 0), {
        delayMs: outcome.delayMs,
      });
    }
    return ACK;
  }
  // The event becomes `processing` in the same write, before any delivery can finish.
  const deliveries = await context.adapter.events.addDeliveries(event.id, planned, {
    processingAt: context.clock.now(),
  });
  context.lifecycle.emit("transformed", { eventId, deliveries: deliveries.length });
  await queueDeliveries(event, deliveries, planned, context);
  return ACK;
}

/**
 * Queues the pending ones of `deliveries` (their state after the write); `records` are the full
 * delivery records this job read or planned. The event is `processing` already (`getForProcessing`
 * made it so). No attempt runs here: on a re-run (a crash, the sweep after a replay) a delivery's
 * job may be waiting out a backoff, and the queue drops the duplicate job instead of letting this
 * one overtake it.
 */
async function queueDeliveries(
  event: EventRecord,
  deliveries: readonly DeliveryState[],
  records: readonly DeliveryRecord[],
  context: WorkerContext,
): Promise<void> {
  const pending = deliveries.filter((delivery) => delivery.status === "pending");
  if (pending.length === 0) {
    await settleEvent(event.id, deliveries, context);
    return;
  }
  for (const delivery of pending) {
    await context.adapter.queue.enqueue(
      deliverJob(event.id, delivery.id, roundIn(records, delivery.id)),
    );
  }
}

/** The round of a delivery among `records` (0 for one just planned), so its job id matches a replay's. */
function roundIn(records: readonly DeliveryRecord[], deliveryId: string): number {
  const record = records.find((candidate) => candidate.id === deliveryId);
  return record === undefined ? 0 : deliveryRound(record);
}

async function transformFailed(
  event: EventRecord,
  failure: TransformFailure,
  attempt: number,
  context: WorkerContext,
): Promise<JobOutcome> {
  const fields = { eventId: event.id, code: failure.code, attempt };
  if (failure.retryable && attempt < context.policy.maxAttempts) {
    const delayMs = computeRetryDelayMs(context.policy, attempt, context.random);
    context.logger.warn(`${failure.message} Retrying.`, { ...fields, nextAttemptInMs: delayMs });
    return { type: "retry", delayMs };
  }
  context.logger.error(
    `${failure.message} The event is dead-lettered; replay it once fixed.`,
    fields,
  );
  await context.adapter.events.setStatus(event.id, "dead_lettered", context.clock.now(), {
    code: failure.code,
    message: failure.message,
  });
  return ACK;
}
